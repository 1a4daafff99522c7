import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
ROOT_URLCONF = "mysite.urls"

if os.environ.get("APP_ENV") == "development":
    DEBUG = True
