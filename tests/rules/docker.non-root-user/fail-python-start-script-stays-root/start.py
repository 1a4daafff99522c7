#!/usr/bin/env python3
import os

os.system("chown -R 1000:1000 /data")
# TODO: drop_privs_to("mailer") once /data is writable by it
os.execv("/usr/local/bin/gunicorn", ["gunicorn", "-b", "0.0.0.0:8080", "app:create_app()"])
