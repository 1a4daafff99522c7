# readycheck as a container image, so CI systems can run it without
# building it: a build stage with the compilers and -dev packages, and a
# runtime stage with only the shared libraries the binary needs, running as
# an unprivileged user. Build and try it with packaging/container-test.sh.
#   podman build -t readycheck .
#   podman run --rm -v "$PWD:/repo:ro" readycheck .
# BASE is pinned to a Debian point release; override it (for example with a
# locally imported image) with --build-arg BASE=...
ARG BASE=docker.io/library/debian:12.8-slim

FROM ${BASE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends cmake make gcc libc6-dev \
      pkg-config libyaml-dev libcjson-dev libcurl4-openssl-dev libpcre2-dev \
      libxml2-dev \
      libcmark-gfm-dev libcmark-gfm-extensions-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt LICENSE README.md ./
COPY cmake cmake
COPY completions completions
COPY docs docs
COPY include include
COPY rules rules
COPY src src
RUN cmake -S . -B build -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX=/usr \
 && cmake --build build -j2 \
 && DESTDIR=/out cmake --install build --strip

FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends libyaml-0-2 libcjson1 \
      libcurl4 libpcre2-8-0 libxml2 libcmark-gfm0.29.0.gfm.6 \
      libcmark-gfm-extensions0.29.0.gfm.6 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin \
      readycheck
COPY --from=build /out/usr/ /usr/
# A one-shot command line tool, not a service: nothing to probe.
HEALTHCHECK NONE
USER 10001:10001
WORKDIR /repo
ENTRYPOINT ["readycheck"]
CMD ["."]
