#!/bin/bash
set -e
chown -R app:app /data
exec setpriv --reuid=app --regid=app --init-groups /usr/local/bin/server --data /data
