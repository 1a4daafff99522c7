import os


class Config(object):
    DEBUG = True
    SECRET_KEY = os.environ.get("APP_SECRET")


class ProdConfig(Config):
    ENV = "prod"
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")


class DevConfig(Config):
    ENV = "dev"
