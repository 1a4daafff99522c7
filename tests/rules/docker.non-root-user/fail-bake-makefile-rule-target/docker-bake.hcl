target "api" {
  dockerfile = "images/api.Dockerfile"
  tags = ["example/api:latest"]
}
target "worker" {
  dockerfile = "images/worker.Dockerfile"
  tags = ["example/worker:latest"]
}
