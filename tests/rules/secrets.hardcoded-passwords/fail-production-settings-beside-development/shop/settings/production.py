from .base import *  # noqa

SECRET_KEY = "pr0d-k3y-7c6b5a4d3e2f1a0b"
