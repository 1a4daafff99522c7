require("http")
