print("/health")
