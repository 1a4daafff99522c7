import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    DEBUG = False


class Development(Config):
    DEBUG = True


class Test(Development):
    TESTING = True


class Production(Config):
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")


# the test suite run with production's feature flags
class ProductionFF(Test):
    FF_BILLING = True


config = {
    "development": Development,
    "test": Test,
    "production": Production,
    "production_ff": ProductionFF,
    "default": Development,
}
