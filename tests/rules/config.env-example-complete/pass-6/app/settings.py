import os

DATABASE_URL = os.environ["DATABASE_URL"]
# documented on the configuration reference page, not in .env.example
SMTP_HOST = os.environ["SMTP_HOST"]
# provided by the image (Dockerfile: ENV APP_VERSION=...)
VERSION = os.environ["APP_VERSION"]
# set by the code itself, read by a library
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
