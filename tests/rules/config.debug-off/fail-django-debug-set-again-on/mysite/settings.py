import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["shop.example.com"]
ROOT_URLCONF = "mysite.urls"

DEBUG = True
