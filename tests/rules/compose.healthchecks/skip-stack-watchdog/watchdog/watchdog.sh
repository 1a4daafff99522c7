#!/bin/sh
while true; do check_php_fpm || restart php-fpm; sleep 30; done
