#!/bin/sh
find /backups -name '*.sql' -mtime +14 -delete
