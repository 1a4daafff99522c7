SECRET_KEY = "^8y!x0t7yq2+65%&_#@i^_o)eb3^q--y"  # nosec:B105
