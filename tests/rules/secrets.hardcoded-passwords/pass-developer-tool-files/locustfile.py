from locust import HttpUser, task


class Shopper(HttpUser):
    password = "l0custUserPw"

    @task
    def login(self):
        self.client.post("/login", json={"password": self.password})
