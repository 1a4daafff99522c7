#!/bin/sh
set -e
# a self-signed certificate when the operator mounts none
if [ ! -f /etc/nginx/ssl/fullchain.pem ]; then
  mkdir -p /etc/nginx/ssl
  openssl req -newkey rsa:4096 -nodes -days 365 -subj "/CN=localhost" \
    -x509 -keyout /etc/nginx/ssl/privkey.pem -out /etc/nginx/ssl/fullchain.pem
fi
exec nginx -g 'daemon off;'
