#!/bin/sh
set -e
echo "starting backup"
mkdir -p /srv/var/backup
cp -r /srv/var/uploads /srv/var/backup/
