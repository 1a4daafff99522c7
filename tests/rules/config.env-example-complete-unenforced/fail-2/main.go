package main

import "os"

func main() { _ = os.Getenv("REDIS_URL") }
