# Front-end developers running the SDK locally set
# CORS_ALLOWED_ORIGINS=http://localhost:3000 in their own .env
CORS_ALLOWED_ORIGINS = ["https://forms.example.com"]
