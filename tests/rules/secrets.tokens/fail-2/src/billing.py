STRIPE_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
