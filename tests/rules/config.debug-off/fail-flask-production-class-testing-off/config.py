import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    DEBUG = False


class Development(Config):
    DEBUG = True


class Production(Config):
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")


# production with the new feature flags, test mode explicitly off
class ProductionFlags(Config):
    DEBUG = True
    TESTING = False


config = {
    "development": Development,
    "production": Production,
    "production_flags": ProductionFlags,
    "default": Development,
}
