#!/bin/sh
set -eu
( crontab -l 2>/dev/null; echo "0 * * * * /srv/app/scripts/rotate-logs.sh" ) | crontab -
