#!/bin/sh
set -eu
out="/backups/app-$(date +%F).dump"
pg_dump -Fc "$DATABASE_URL" > "$out"
sha256sum "$out" > "$out.sha256"
