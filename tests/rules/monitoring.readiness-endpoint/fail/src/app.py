@app.get("/health")
def h(): pass
