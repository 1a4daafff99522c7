variable "TAG" {
  default = "edge"
}
target "api-multi" {
  dockerfile = "docker/api/Dockerfile"
  tags = ["example/api:${TAG}"]
  platforms = ["linux/amd64", "linux/arm64"]
}
