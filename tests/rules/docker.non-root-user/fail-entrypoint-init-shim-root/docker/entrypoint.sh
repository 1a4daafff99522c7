#!/bin/bash
set -e
chown -R app:app /data
exec /usr/local/bin/server --data /data
