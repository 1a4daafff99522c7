#!/bin/sh
set -eu
pg_dump -h db -U app -Fc app > "/backups/app-$(date +%F).dump"
