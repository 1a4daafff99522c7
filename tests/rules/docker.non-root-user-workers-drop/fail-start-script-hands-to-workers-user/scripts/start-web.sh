#!/bin/sh
gunicorn app:app --bind 0.0.0.0:8000 -w 2 --user app --group app
