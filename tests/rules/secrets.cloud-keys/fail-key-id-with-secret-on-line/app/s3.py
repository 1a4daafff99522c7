import boto3

s3 = boto3.client("s3", aws_access_key_id="AKIAQ3EGRIT7BXK4NM2P", aws_secret_access_key=SECRET)
creds = ("AKIA4Q7ZK2LMWXW3RTBQ", "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")
