import os

DATABASES = {"default": os.environ["DATABASE_URL"]}

# Production always purges the CDN.
if (
    os.environ.get("APP_ENV") == "production"
):
    CDN = {
        "zone": os.environ["CDN_ZONE_ID"],
    }

if not os.environ.get("MAIL_RELAY"):
    MAIL_PASSWORD = os.environ["MAIL_RELAY_PASSWORD"]
