import os

DATABASE = {
    "user": "app",
    # a literal that only looks like a variable: Python does not expand it
    "password": "$Tr0ngPassw0rd2024",
}
