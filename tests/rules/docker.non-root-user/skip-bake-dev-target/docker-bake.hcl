target "dev" {
  context    = "image"
  dockerfile = "Dockerfile"
  tags       = ["ghcr.io/acme/shop-dev:latest"]
}
