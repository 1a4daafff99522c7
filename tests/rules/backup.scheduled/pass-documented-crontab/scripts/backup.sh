#!/bin/sh
set -eu
docker compose exec -T db mariadb-dump --all-databases | gzip > /srv/backups/all.sql.gz
