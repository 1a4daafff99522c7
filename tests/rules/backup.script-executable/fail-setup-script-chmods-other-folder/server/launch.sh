#!/bin/sh
# one-time host setup: run from this folder
set -e
chmod a+x tools/*.sh
ln -s "$(pwd)/duplicity/backup.sh" /etc/cron.daily/db-backup
