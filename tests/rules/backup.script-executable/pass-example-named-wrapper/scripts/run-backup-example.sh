#!/bin/sh
# Example startup script for backup-db.sh. Adjust values as needed before running.
export BACKUP_DIR=/srv/backups
exec "$(dirname "$0")/backup-db.sh"
