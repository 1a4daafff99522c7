#!/bin/sh
set -e
chown -R backup /backups
exec gosu backup "$@"
