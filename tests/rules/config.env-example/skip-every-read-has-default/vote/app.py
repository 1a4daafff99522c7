import os

option_a = os.getenv("OPTION_A", "Tea")
option_b = os.environ.get("OPTION_B", "Coffee")
