from app import views

LABELS = dict(
    items=[
        "health/",
    ],
)
