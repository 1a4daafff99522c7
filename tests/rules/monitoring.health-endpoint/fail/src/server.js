app.get("/users", list);
