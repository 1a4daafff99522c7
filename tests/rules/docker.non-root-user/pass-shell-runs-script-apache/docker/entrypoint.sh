#!/bin/bash
set -e
sed -i "s/Listen 80/Listen ${PORT:-80}/" /etc/apache2/ports.conf
exec apache2ctl -D FOREGROUND
