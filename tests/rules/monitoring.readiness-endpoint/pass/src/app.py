@app.get("/health")
def h(): pass
@app.get("/health/ready")
def r(): pass
