#!/bin/sh
set -e
iptables -t mangle -N APP || true
exec /usr/local/bin/server "$@"
