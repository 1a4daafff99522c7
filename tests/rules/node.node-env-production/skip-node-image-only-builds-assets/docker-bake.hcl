target "assets" {
  context = "assets"
}

target "app" {
  context = "."
  contexts = {
    assets = "target:assets"
  }
}
