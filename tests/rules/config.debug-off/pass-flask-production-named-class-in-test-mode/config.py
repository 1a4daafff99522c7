import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    DEBUG = False


class Development(Config):
    DEBUG = True


class Production(Config):
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")


# what CI runs the tests with to try production's feature flags
class ProductionFlags(Config):
    DEBUG = True
    TESTING = True
    WTF_CSRF_ENABLED = False


config = {
    "development": Development,
    "production": Production,
    "production_flags": ProductionFlags,
    "default": Development,
}
