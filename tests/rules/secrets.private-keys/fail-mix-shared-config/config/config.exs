import Config

config :shop,
  token_signing_key: """
  -----BEGIN EC PRIVATE KEY-----
  MHcCAQEEINcYt/1iPbGE+glg0tFxd5bq/nlZLOofvlW9rWc4MT/6oAoGCCqGSM49
  AwEHoUQDQgAERrxl5ZFDCL1if7uNO0+PKzkrJafcMKZ3BRHwS/B/+qaQgR3IRN1X
  gApjA4AjUxnITlr/c/2Tt7E0RJj1ZGMYew==
  -----END EC PRIVATE KEY-----
  """

import_config "#{config_env()}.exs"
