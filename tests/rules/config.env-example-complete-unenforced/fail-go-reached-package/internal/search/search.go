package search

import (
	"log"
	"os"
	"strconv"
)

// Batch is the index batch size; the API refuses to start without it.
func Batch() int {
	n, err := strconv.Atoi(os.Getenv("SEARCH_BATCH_SIZE"))
	if err != nil {
		log.Fatal("SEARCH_BATCH_SIZE is required")
	}
	return n
}
