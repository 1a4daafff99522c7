package main

import "os"

var dbHost = os.Getenv("WAKAPI_DB_HOST")
