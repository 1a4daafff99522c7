import os


class Bucket:
    def __init__(self, access_key=None, secret=None):
        self.key_id = access_key or os.environ["AWS_ACCESS_KEY_ID"]
