# AWS issues key IDs in base32 (A-Z, 2-7): one with 0, 1, 8 or 9 is made up
AWS_ACCESS_KEY_ID = "AKIAQ0RZT1MXW8KBNP9L"
