import os

SECRET_KEY = os.environ.get("APP_SECRET_KEY", "")
CORS_ALLOWED_ORIGINS = ["https://app.example.org", "http://localhost:3000"]
