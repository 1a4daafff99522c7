Rails.application.configure do
  config.action_mailer.default_url_options = { host: "http://shop.dev-box.com" }
end
