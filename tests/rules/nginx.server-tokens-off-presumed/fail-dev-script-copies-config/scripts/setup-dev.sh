#!/bin/sh
# a developer machine: nginx in front of the dev server
sudo cp contrib/nginx.conf /etc/nginx/sites-available/shop
