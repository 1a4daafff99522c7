import os

DATABASES = {"default": os.environ["DATABASE_URL"]}

# A CDN purge is configured only where a CDN token is set.
if (
    "CDN_TOKEN" in os.environ
    or "CDN_BEARER_TOKEN" in os.environ
):
    CDN = {
        "zone": os.environ["CDN_ZONE_ID"],
    }

if os.environ.get("MAIL_RELAY"):
    MAIL_PASSWORD = os.environ["MAIL_RELAY_PASSWORD"]
