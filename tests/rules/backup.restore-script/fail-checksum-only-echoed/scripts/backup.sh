#!/bin/sh
set -eu
out="/backups/app-$(date +%F).dump"
pg_dump -Fc "$DATABASE_URL" > "$out"
# sha256sum "$out" would verify it
echo "verify later with: sha256sum $out"
