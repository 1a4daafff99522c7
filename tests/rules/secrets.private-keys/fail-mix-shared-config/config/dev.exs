import Config

config :shop, debug_errors: true
