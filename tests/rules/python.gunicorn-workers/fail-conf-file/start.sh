#!/bin/sh
# web and worker in one container
gunicorn shop.wsgi --bind 0.0.0.0:8000 & celery -A shop worker -c 2
wait
