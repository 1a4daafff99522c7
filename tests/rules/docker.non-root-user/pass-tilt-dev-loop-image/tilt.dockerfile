FROM alpine:3.20
COPY bin/manager /manager
ENTRYPOINT ["/manager"]
