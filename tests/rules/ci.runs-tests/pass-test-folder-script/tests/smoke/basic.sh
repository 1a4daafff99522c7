#!/bin/sh
set -eu
BIN="$1"
"$BIN" -c tests/smoke/config.json &
PID=$!
sleep 1
nc -z 127.0.0.1 1080
kill "$PID"
