#!/bin/bash -e
if [ "$1" = "--start" ]; then
    php /var/www/html/artisan config:cache
    exec docker-php-entrypoint apache2-foreground
fi
exec "$@"
