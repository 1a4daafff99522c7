import os


class Bucket:
    def __init__(self, access_key=None, secret=None):
        self.key_id = access_key or os.environ.get("AWS_ACCESS_KEY_ID", "AKIAQ3EGRIT7BXK4NM2P")
