import os

from .base import *  # noqa

SECRET_KEY = os.environ["SECRET_KEY"]
