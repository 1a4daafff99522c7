import os

option_a = os.getenv("OPTION_A", "Tea")
redis_host = os.getenv("REDIS_HOST")
