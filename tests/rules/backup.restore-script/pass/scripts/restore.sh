#!/bin/sh
pg_restore --clean -d "$DATABASE_URL" "$1"
