DEBUG = False
ALLOWED_HOSTS = ["example.com"]
