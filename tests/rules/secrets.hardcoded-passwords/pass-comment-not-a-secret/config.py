# not a secret: the public demo key every install ships with
DEMO = {
    "api_key": "demo7f3a9b2c41d8e6",
}
