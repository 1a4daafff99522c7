class Gateway
  def session
    { 'client_secret' => "bogus_secret_#{SecureRandom.hex(8)}", api_key: "sk9f8e7d6c5b4a3f2e1d" }
  end
end
