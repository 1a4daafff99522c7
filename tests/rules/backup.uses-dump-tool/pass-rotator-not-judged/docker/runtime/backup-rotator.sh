#!/bin/sh
# deletes backups older than the retention period
find "$1/" -type f -name "app-*.dump" -mtime "+$2" -exec rm "{}" +
