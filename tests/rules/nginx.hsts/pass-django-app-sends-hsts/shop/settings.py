import os

DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# sent by SecurityMiddleware on every https response
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
