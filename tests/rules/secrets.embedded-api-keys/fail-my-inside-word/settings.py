SECRET_KEY = "dummy_k3y9fQ2mZx7Lw"
API_KEY = "academy-7Hq2Lm9Zp4"
