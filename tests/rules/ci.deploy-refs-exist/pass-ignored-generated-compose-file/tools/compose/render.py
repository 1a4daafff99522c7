print("renders the compose file")
