#!/bin/sh
# Dumps the database to a new file named after the day.
set -eu
stamp=$(date +%Y%m%d)
out=/srv/backups/ledger-$stamp.sql.gz
docker compose exec -T db pg_dumpall -U postgres | gzip > "$out"
printf 'backup written to %s\n' "$out"
