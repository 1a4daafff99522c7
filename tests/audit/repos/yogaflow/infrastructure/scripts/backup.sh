#!/bin/sh
# Nightly PostgreSQL dump, compressed, kept for 30 days.
set -eu
stamp=$(date +%Y%m%d_%H%M%S)
pg_dump -Fc -U yogaflow yogaflow | gzip > "/backups/yogaflow_backup_${stamp}.sql.gz"
find /backups -name 'yogaflow_backup_*.sql.gz' -mtime +30 -delete
