MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
]
