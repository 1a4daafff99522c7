target "release" {
  context    = "image"
  dockerfile = "Dockerfile"
  tags       = ["ghcr.io/acme/shop:latest"]
}
