import os

DATABASE_URL = os.environ["DATABASE_URL"]
SETTINGS = os.environ["DJANGO_SETTINGS_MODULE"]
