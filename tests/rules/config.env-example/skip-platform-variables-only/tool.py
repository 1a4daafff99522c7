import os

DEBUG = os.environ["HOME"]
SHELL = os.getenv("SHELL")
