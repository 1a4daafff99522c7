#!/bin/sh
exec node src/a.js
