import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
ROOT_URLCONF = "mysite.urls"

try:
    from .local_settings import *  # noqa
except ImportError:
    pass
