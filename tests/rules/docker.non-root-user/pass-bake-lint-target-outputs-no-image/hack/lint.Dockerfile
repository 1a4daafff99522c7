FROM golangci/golangci-lint:v1.59-alpine AS lint
WORKDIR /src
RUN --mount=target=. golangci-lint run
