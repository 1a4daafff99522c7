group "default" {
  targets = ["base", "app"]
}

target "base" {
  context = "base"
}

target "app" {
  context = "app"
  contexts = {
    "acme/base" = "target:base"
  }
  tags = ["ghcr.io/acme/app:1.0.0"]
}
