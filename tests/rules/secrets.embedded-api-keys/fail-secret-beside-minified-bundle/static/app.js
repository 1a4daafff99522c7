var cfg = { api_key: "k3y9Xq82LmPz" };
