variable "TAG" {
  default = "latest"
}

target "rebuild" {
  dockerfile = "Dockerfile"
  tags = ["docker.io/acme/server:${TAG}"]
  args = {
    "TAG": "${TAG}"
  }
}
