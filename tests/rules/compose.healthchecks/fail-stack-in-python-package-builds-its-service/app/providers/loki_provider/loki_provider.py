import requests


def query(url, expr):
    return requests.get(url + "/loki/api/v1/query", params={"query": expr}).json()
