FROM ruby:3.4-alpine AS runtime
RUN apk add --no-cache tini
