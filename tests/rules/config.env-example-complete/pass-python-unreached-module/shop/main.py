from fastapi import FastAPI

from .db import connect

app = FastAPI()
engine = connect()
