#!/bin/sh
set -e
/srv/notes backup --path /srv/var/backup "$@"
