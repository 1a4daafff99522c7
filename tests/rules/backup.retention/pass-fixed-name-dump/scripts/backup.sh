#!/bin/sh
# Dumps the database to one file; the next run replaces it.
set -eu
out=/srv/backups/ledger.sql.gz
docker compose exec -T db pg_dumpall -U postgres | gzip > "$out.partial"
mv "$out.partial" "$out"
printf 'backup written to %s\n' "$out"
