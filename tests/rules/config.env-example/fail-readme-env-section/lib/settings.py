import os

DATA_DIR = os.environ["NOTEBOOK_DATA_DIR"]
