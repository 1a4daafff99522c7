target "app" {
  dockerfile = "Dockerfile
  tags = ["example/app:latest"]
}
