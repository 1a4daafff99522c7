import click
import pytest
from flask import Flask

app = Flask(__name__)


@app.cli.command()
def test():
    """Run the tests."""
    raise SystemExit(pytest.main(["tests"]))
