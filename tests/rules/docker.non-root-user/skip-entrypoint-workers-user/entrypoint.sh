#!/bin/sh
set -e
mkdir -p /var/log/app
chown -R app:app /var/log/app
exec gunicorn app:app --bind 0.0.0.0:8000 --user app --group app
