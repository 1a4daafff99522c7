FROM alpine:3.20
COPY app /usr/bin/app
CMD ["app"]
