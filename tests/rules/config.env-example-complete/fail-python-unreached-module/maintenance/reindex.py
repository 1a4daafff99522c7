"""Rebuilds the search index by hand after a bulk import."""
import os

BATCH = int(os.environ["REINDEX_BATCH_SIZE"])
