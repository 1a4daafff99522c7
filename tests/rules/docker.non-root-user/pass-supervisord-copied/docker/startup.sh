#!/bin/sh
set -e
php /var/www/html/artisan migrate --force
exec supervisord -c /supervisord.conf
