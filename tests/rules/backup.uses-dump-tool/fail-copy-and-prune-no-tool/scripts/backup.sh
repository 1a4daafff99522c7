#!/bin/sh
set -e
cp -r /var/lib/postgresql/data "/backups/pg-$(date +%F)"
find /backups -maxdepth 1 -name "pg-*" -mtime +7 -exec rm -rf "{}" +
