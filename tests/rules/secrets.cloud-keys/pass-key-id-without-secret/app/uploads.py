import os

# the key ID names the uploader's IAM user; its secret comes from the
# environment (secrets.cloud-key-ids warns of the ID)
AWS_ACCESS_KEY_ID = "AKIAQ3EGRIT7BXK4NM2P"
AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]
