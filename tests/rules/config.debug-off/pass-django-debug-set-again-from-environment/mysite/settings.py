import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
ROOT_URLCONF = "mysite.urls"

# production reads it from the environment, off unless asked
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
