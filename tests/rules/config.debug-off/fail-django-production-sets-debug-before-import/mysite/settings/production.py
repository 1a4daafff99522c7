DEBUG = False

from .base import *  # noqa: F403,E402

SECURE_SSL_REDIRECT = True
