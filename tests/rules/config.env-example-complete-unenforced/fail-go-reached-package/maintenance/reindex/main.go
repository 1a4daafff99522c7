// Command reindex rebuilds the search index by hand after a bulk import.
package main

import (
	"log"
	"os"
	"strconv"
)

func main() {
	n, err := strconv.Atoi(os.Getenv("REINDEX_BATCH_SIZE"))
	if err != nil {
		log.Fatal("REINDEX_BATCH_SIZE is required")
	}
	log.Println(n)
}
