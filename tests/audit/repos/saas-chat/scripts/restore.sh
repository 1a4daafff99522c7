#!/bin/sh
# Restore a backup by date: ./scripts/restore.sh -d 20240115
set -eu
aws s3 cp "s3://${S3_BUCKET}/backups/chat_$2.sql.gz" /tmp/restore.sql.gz
gunzip -c /tmp/restore.sql.gz | pg_restore --clean --if-exists -d postgres
