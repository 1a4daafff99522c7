# the SDK origin
CORS_ALLOWED_ORIGINS = ["https://forms.example.com", "http://localhost:3000"]  # local SDK
