#!/bin/sh
exec npx nuxt start
