"""Production settings: refuse to start with unsafe values."""
import os

from pydantic import field_validator
from pydantic_settings import BaseSettings


class ProductionSettings(BaseSettings):
    debug: bool = False
    secret_key: str = os.getenv("SECRET_KEY", "")
    database_url: str = os.getenv("DATABASE_URL", "")
    frontend_url: str = os.getenv("FRONTEND_URL", "")
    allowed_origins: str = os.getenv("ALLOWED_ORIGINS", "")

    @field_validator("secret_key")
    @classmethod
    def strong_secret(cls, v: str) -> str:
        if len(v) < 64:
            raise ValueError("SECRET_KEY must be at least 64 characters")
        return v
