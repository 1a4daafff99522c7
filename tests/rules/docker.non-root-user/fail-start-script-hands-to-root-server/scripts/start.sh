#!/bin/sh
set -e
mkdir -p /data
chown -R app:app /data
cd /app
./scripts/start-web.sh
