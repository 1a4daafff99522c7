import os


def connect():
    return os.environ["DATABASE_URL"]
