"""YogaFlow API."""
from fastapi import FastAPI

from app.core.monitoring import init_sentry
from app.middleware.security_headers import SecurityHeadersMiddleware

init_sentry()
app = FastAPI(title="YogaFlow")
app.add_middleware(SecurityHeadersMiddleware)


@app.get("/health")
def health():
    return {"status": "ok"}
