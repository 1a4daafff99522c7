#!/bin/sh
sed -i "s|__API__|$API_URL|" /usr/share/nginx/html/config.js

# start the server
nginx -g "daemon off;"
