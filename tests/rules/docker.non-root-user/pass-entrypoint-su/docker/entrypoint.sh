#!/bin/sh
set -e
chown -R app:app /data
exec su app -c "/usr/local/bin/server --data /data"
