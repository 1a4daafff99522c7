import os
DB_PASSWORD = os.environ["DB_PASSWORD"]
SECRET_KEY = os.getenv("SECRET_KEY", "changeme")
PASSWORD_FIELD = "password"
