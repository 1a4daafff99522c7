#!/bin/sh
set -eu
echo "0 2 * * * root /opt/app/scripts/backup.sh" > /etc/cron.d/app-backup
