import os

DEBUG = True
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")
ROOT_URLCONF = "mysite.urls"
