FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY . .
RUN go build -o /out/server .

FROM debian:12-slim
COPY --from=build /out/server /usr/bin/server
EXPOSE 8008
CMD ["/usr/bin/server", "--config", "/etc/harness.yaml"]
