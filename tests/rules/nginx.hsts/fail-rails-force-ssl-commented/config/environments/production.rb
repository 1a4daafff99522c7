Rails.application.configure do
  config.eager_load = true
  config.assume_ssl = true
  # redirects to https and sends Strict-Transport-Security
  # config.force_ssl = true
  config.log_level = :info
end
