#!/bin/sh
# takes one backup before an upgrade
set -e
mkdir -p /backup
/bin/sh /app/docker/runtime/backup-job.sh /backup
exec /app/upgrade
