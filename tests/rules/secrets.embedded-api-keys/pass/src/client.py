import os

API_KEY = os.environ["TMDB_API_KEY"]
