#!/bin/sh
# Daily PostgreSQL backup: compressed, uploaded to S3, 30 days kept.
set -eu
stamp=$(date +%Y%m%d)
file="/tmp/chat_${stamp}.sql.gz"
pg_dump -Fc postgres | gzip > "$file"
aws s3 cp "$file" "s3://${S3_BUCKET}/backups/"
find /tmp -name 'chat_*.sql.gz' -mtime +30 -delete
