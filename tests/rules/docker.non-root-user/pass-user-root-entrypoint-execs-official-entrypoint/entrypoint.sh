#!/bin/sh
set -eu
# the platform mounts the volume root-owned: give it to redis first
mkdir -p /data
chown -R redis:redis /data
exec /usr/local/bin/docker-entrypoint.sh "$@"
