#!/bin/bash
set -e
php /var/www/html/bin/migrate.php
exec php -S 0.0.0.0:80 -t /var/www/html
