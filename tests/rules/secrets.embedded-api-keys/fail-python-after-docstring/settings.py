"""Settings of the shop.

Values come from the environment in production.
"""

API_KEY = "b7d1c0e4f9a2863d5e1f"
