class BogusGateway
  def create_session(order)
    { external_data: { 'client_secret' => "bogus_secret_#{SecureRandom.hex(8)}" } }
  end
end
