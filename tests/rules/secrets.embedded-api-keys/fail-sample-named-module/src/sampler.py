import requests

API_KEY = "k8Zq2vXr7Lm4Tn9Pw3Ys"


def fetch(url):
    return requests.get(url, headers={"Authorization": API_KEY}, timeout=5)
