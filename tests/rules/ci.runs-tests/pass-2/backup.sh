#!/bin/sh
set -e
pg_dump -h "$POSTGRES_HOST" -U postgres app > "$BACKUP_DIR/app.sql"
