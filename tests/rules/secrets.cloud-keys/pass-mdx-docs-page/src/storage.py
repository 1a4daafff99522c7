import os
KEY = os.environ["AWS_ACCESS_KEY_ID"]
