#!/bin/sh
set -e
chown -R app:app /data
exec su root -c "/usr/local/bin/server --data /data"
