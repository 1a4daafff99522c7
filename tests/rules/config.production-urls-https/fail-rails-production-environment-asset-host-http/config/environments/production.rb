Rails.application.configure do
  config.eager_load = true
  config.asset_host = "http://cdn.shop-assets.com"
end
