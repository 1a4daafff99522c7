#!/bin/sh
echo "Enabling gunicorn app server"
cp deploy/supervisord/app.conf /etc/supervisor/conf.d/app.conf
exec supervisord -n
