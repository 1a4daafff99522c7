from flask import Flask

from legacy import health
from .routes import items

app = Flask(__name__)
app.register_blueprint(items.bp)
app.register_blueprint(health.bp)
