#!/bin/sh
set -e
if [ "$1" = 'kvd' ] && [ "$(id -u)" = '0' ]; then
    chown -R kv /data
    exec setpriv --reuid=kv --regid=kv --clear-groups -- "$0" "$@"
fi
exec "$@"
