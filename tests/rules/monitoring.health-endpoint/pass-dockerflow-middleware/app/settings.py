INSTALLED_APPS = [
    "django.contrib.auth",
    "dockerflow.django",
]
MIDDLEWARE = [
    "dockerflow.django.middleware.DockerflowMiddleware",
]
