from django.urls import include, path

from app import views

urlpatterns = [
    path(
        "health/",
        views.HealthCheck.as_view(),
        name="api-health",
    ),
]
