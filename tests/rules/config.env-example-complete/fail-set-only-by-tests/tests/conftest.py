import os

os.environ.setdefault("API_TOKEN", "test-token")
