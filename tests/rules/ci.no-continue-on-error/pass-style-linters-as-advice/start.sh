#!/bin/sh
set -eu
exec node server.js
