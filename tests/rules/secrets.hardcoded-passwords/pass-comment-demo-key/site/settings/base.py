DEBUG = False

# Override in local settings or replace with your own key. Please don't use our demo key in production!
GOOGLE_MAP_API_KEY = "Qz7kW2pL9xT4vN8m"
