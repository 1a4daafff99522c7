#!/bin/sh
set -eu
out="/backups/app-$(date +%F).dump"
pg_dump -Fc "$DATABASE_URL" > "$out"
pg_restore --list "$out" > /dev/null
