Rails.application.configure do
  config.enable_reloading = true
  config.consider_all_requests_local = true
end
