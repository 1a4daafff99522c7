variable "DESTDIR" {
  default = "./bin"
}

# tags come from docker/metadata-action in CI
target "docker-metadata-action" {
  tags = ["app:local"]
}

group "default" {
  targets = ["image-local"]
}

target "image" {
  inherits = ["docker-metadata-action"]
}

target "image-local" {
  inherits = ["image"]
  output = ["type=docker"]
}

group "validate" {
  targets = ["lint"]
}

target "lint" {
  dockerfile = "./hack/lint.Dockerfile"
  target = "lint"
  output = ["type=cacheonly"]
}
