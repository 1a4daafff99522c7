import os

# storage on S3 only when a bucket is configured
if "AWS_STORAGE_BUCKET_NAME" in os.environ:
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]

DATABASE_URL = os.environ["DATABASE_URL"]
