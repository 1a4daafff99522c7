import os
PORT = os.getenv("CTFD_PORT")
