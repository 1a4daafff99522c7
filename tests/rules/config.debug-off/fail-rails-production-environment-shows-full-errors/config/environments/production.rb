require "active_support/core_ext/integer/time"

Rails.application.configure do
  config.enable_reloading = false
  config.eager_load = true
  # Full error reports are disabled.
  config.consider_all_requests_local = true
  config.force_ssl = true
end
