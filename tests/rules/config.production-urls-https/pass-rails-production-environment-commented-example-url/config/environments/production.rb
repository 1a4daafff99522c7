Rails.application.configure do
  config.eager_load = true
  # Enable serving of images, stylesheets, and JavaScripts from an asset server.
  # config.asset_host = "http://assets.example.com"
  # config.action_cable.allowed_request_origins = [ "http://example.com", /http:\/\/example.*/ ]
end
