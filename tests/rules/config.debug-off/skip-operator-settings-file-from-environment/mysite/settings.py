import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
ROOT_URLCONF = "mysite.urls"

# the operator's settings file, wherever MYSITE_SETTINGS says, overrides
# any of the defaults above
path = os.environ.get("MYSITE_SETTINGS", "/etc/mysite/settings.py")
if os.path.exists(path):
    with open(path) as f:
        exec(compile(f.read(), path, "exec"))
