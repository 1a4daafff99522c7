import os
SECRET = os.environ["JWT_SECRET"]
DEBUG = os.getenv("DEBUG", "0") == "1"
