#!/bin/sh
set -eu
pg_dump -Fc "$DATABASE_URL" | gzip > "/backups/db-$(date +%F).dump.gz"
find /backups -name "*.gz" -mtime +14 -delete
