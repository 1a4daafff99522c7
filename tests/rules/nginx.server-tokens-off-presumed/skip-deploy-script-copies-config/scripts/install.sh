#!/bin/sh
# installs the shop on a fresh server, from the checkout in /opt/shop
set -e
cd /opt/shop
pip install -r requirements.txt
cp /opt/shop/contrib/nginx.conf /etc/nginx/sites-available/shop
ln -sf /etc/nginx/sites-available/shop /etc/nginx/sites-enabled/shop
systemctl reload nginx
