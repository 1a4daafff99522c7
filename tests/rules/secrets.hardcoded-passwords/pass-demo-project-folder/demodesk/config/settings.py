"""Settings of the demo project that shows the helpdesk app."""

DEBUG = True
SECRET_KEY = "demo-k3y-1a2b3c4d5e6f7a8b9c"
INSTALLED_APPS = ["helpdesk"]
