import os

# os.environ["X"] is how Python code says the variable is required
SECRET_KEY = os.environ["SECRET_KEY"]
SENTRY_DSN = os.getenv("SENTRY_DSN")
