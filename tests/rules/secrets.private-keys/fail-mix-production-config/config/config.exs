import Config

config :shop, ecto_repos: [Shop.Repo]

import_config "#{config_env()}.exs"
