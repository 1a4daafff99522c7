password = "Hunter2Hunter2"
