# kept from the first server; the image runs mysite.settings.base
from .base import *  # noqa: F403

DEBUG = True
