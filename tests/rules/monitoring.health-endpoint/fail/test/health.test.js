request("/health")
