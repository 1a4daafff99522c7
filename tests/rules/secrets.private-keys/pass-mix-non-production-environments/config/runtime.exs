import Config

if config_env() == :prod do
  config :shop, token_signing_key: System.fetch_env!("SHOP_TOKEN_SIGNING_KEY")
end
