from .base import *  # noqa: F403

SECURE_SSL_REDIRECT = True
