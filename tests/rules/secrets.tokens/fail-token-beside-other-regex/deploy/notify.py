import re
import requests

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SLACK_TOKEN = "xoxb-839472615038-901827364519-Rk3VqT8mWz2LpX7sNc4HdJ9e"


def notify(text):
    requests.post("https://slack.com/api/chat.postMessage",
                  headers={"Authorization": "Bearer " + SLACK_TOKEN},
                  json={"channel": "#deploys", "text": text})
