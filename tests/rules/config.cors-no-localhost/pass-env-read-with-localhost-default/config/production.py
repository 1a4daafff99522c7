import os

DEBUG = False
# the deployment sets the variable; the default serves a developer's run
CSRF_TRUSTED_ORIGINS = os.environ.get("APP_TRUSTED_ORIGINS", "http://localhost:8000").split(",")
CORS_ALLOWED_ORIGINS = os.getenv("APP_CORS_ORIGINS", "http://127.0.0.1:3000").split(",")
