#!/bin/sh
set -e
pg_dump -Fc -h "$DB_HOST" -U app app > "/backups/app-$(date +%F).dump"
