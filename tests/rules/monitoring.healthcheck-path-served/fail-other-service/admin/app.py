from flask import Flask

app = Flask(__name__)


@app.get("/admin/ping")
def ping():
    return "pong"


@app.get("/status")
def status():
    return {"up": True}
