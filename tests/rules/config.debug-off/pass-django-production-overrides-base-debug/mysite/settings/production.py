from .base import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = True
