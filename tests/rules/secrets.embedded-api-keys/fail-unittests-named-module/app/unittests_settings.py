class Settings:
    api_key = "Hq3vNs8wKp2xRt6m"
