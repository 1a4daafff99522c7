from flask import Flask

from .routes import items

app = Flask(__name__)
app.register_blueprint(items.bp)
