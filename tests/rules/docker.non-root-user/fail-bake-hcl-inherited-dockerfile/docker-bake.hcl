variable "WEB_DOCKERFILE" {
  default = "docker/web.Dockerfile"
}

variable "TAG" {
  default = "latest"
}

/* shared settings */
target "_common" {
  context = "."
  dockerfile = "${WEB_DOCKERFILE}"
  args = {
    NODE_ENV = "production"
  }
  platforms = TAG == "dev" ? ["linux/amd64"] : ["linux/amd64", "linux/arm64"]
}

target "web" {
  inherits = ["_common"]
  tags = ["example/web:${TAG}"]
}
