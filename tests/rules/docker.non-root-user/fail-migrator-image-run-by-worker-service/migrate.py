print("migrating")
