from fastapi import FastAPI

from shop import db
from maintenance import reindex

app = FastAPI()
engine = db.connect()
batch = reindex.BATCH
