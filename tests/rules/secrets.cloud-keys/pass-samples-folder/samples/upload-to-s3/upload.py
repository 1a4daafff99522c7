import boto3

s3 = boto3.client("s3", aws_access_key_id="AKIAQ3EGRIT7BXK4NM2P", aws_secret_access_key="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")
