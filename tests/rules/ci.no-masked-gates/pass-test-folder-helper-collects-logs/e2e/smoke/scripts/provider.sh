#!/bin/sh
set -eu
case "$1" in
  logs) docker logs app > "$2" ;;
  assert) curl -fsS http://127.0.0.1:8080/health ;;
esac
