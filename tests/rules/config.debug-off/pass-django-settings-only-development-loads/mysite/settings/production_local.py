# the production settings on a developer's machine, with the debug toolbar
from .production import *  # noqa: F403

DEBUG = True
