#!/bin/sh
set -e
pg_dump -Fc "$DATABASE_URL" > "/backups/db-$(date +%F).dump"
