Auth.setup do |config|
  # The key below signs tokens.
  config.secret_key = '4f1c9e2ab7d0c3e58f6a1b2d9c7e0f3a5b8d1c4e7f0a3b6d9c2e5f8a1b4c7d0e'
  config.mailer_sender = 'noreply@example.org'
end
