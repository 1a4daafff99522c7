import requests

# the application's own TMDB key, shipped with every install
API_KEY = "3b5a8be6dde511ec9d640242"


def search(query):
    return requests.get("https://api.themoviedb.org/3/search/movie",
                        params={"api_key": API_KEY, "query": query}, timeout=10)
