#!/bin/sh
set -e
iptables -t mangle -N APP || true
exec su - app -c "/usr/local/bin/server $*"
