#!/bin/sh
set -e
pg_dump -Fc -h db -U app app > /backups/app-$(date +%F).dump
