import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
ROOT_URLCONF = "mysite.urls"

# the operator writes local_settings.py beside this file at install time
try:
    from .local_settings import *  # noqa
except ImportError:
    pass
