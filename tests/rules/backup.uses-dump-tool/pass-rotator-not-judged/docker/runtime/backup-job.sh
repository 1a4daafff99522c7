#!/bin/sh
set -e
pg_dump -h db -U app -Fc app > "$1/app-$(date +%F).dump"
