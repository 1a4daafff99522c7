#!/bin/sh
set -e
# Dropping privileges broke NAS installs; run as the container user.
#    exec su app -c "/usr/local/bin/server --data /data"
#gosu app /usr/local/bin/server
exec /usr/local/bin/server --data /data
