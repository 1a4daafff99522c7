#!/bin/sh
exec node .output/server/index.mjs
