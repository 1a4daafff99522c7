# shown in the storage settings form
AWS_ACCESS_KEY_HINT = "AKIAXXXXXXXXXXXXXXXX"
AWS_BUCKET_HINT = "my-bucket"
aws_secret_access_key = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
