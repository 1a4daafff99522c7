#!/bin/sh
# Nightly PostgreSQL backup: compressed custom-format dump, 30-day retention.
set -eu
out="/backups/ledgerly_$(date +%Y%m%d_%H%M%S).dump"
pg_dump -Fc -Z 9 "$DATABASE_URL" > "$out"
find /backups -name 'ledgerly_*.dump' -mtime +30 -delete
