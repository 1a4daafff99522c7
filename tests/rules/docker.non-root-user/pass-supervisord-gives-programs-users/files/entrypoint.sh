#!/bin/sh
set -e
# the timezone for supervisord
export TZ="${TZ:-UTC}"
exec /usr/bin/supervisord -c /etc/supervisor/supervisord.conf
