ADMIN = { email: "admin@localhost", password: "cucumb3rPw" }
