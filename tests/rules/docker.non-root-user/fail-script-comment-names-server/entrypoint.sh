#!/bin/bash
set -e
# Nginx & php-fpm are configured by the admin panel later
install -d -m 0755 /var/log/php-fpm
exec python3 /opt/app/server.py
