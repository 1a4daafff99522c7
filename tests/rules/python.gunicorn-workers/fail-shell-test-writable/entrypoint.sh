#!/bin/sh
set -e
if [ -w /etc/passwd ]; then
    echo "app:x:$(id -u):0::/app:/sbin/nologin" >> /etc/passwd
fi
exec gunicorn --bind 0.0.0.0:8000 app:app
