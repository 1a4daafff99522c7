# what the server sets DJANGO_SETTINGS_MODULE to
from .base import *  # noqa: F403

DEBUG = True
