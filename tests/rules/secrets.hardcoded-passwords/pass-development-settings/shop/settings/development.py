from .base import *  # noqa

DEBUG = True
SECRET_KEY = "dev-only-k3y-9f8a7b6c5d4e3f2a"
