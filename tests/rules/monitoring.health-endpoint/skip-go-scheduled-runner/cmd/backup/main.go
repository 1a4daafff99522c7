package main

import (
	"log"
	"net/http"
	"time"
)

// Runs the backup on a schedule and posts a notification when done.
func main() {
	for {
		if err := runBackup(); err != nil {
			log.Print(err)
		}
		_, _ = http.Post("https://hooks.example.com/notify", "text/plain", nil)
		time.Sleep(24 * time.Hour)
	}
}
