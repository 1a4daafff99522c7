#!/usr/bin/env bash
# Checks the container image: first its recipe with readycheck's own docker
# pack (Dockerfile and .dockerignore, policy packaging/image.readycheck.yml:
# must be READY), then - when a container engine can run here - builds the
# image with podman and runs it: --version, a check of examples/blocked-repo
# mounted read-only (BLOCKED, exit 1), and the user it runs as (not root).
#   packaging/container-test.sh [READYCHECK_BINARY]
# BASE (environment) overrides the pinned base image, e.g. an image made
# from a debootstrap tree when no registry is reachable:
#   debootstrap --variant=minbase bookworm /tmp/rootfs http://deb.debian.org/debian
#   tar -C /tmp/rootfs -c . | podman import - localhost/debian:bookworm-minbase
#   BASE=localhost/debian:bookworm-minbase packaging/container-test.sh
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/src/readycheck}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/recipe"
cp "$src/Dockerfile" "$src/.dockerignore" "$work/recipe/"
"$bin" --no-color --config "$src/packaging/image.readycheck.yml" \
  "$work/recipe" >"$work/recipe.txt" || {
  cat "$work/recipe.txt"
  echo "container-test: the Dockerfile does not pass readycheck's docker pack" >&2
  exit 1
}
tail -1 "$work/recipe.txt"
grep -q '^READY  ' "$work/recipe.txt"

if ! command -v podman >/dev/null || ! podman info >/dev/null 2>&1; then
  echo "container-test: no container engine can run here; image not built"
  exit 0
fi
base=${BASE:-$(sed -n 's/^ARG BASE=//p' "$src/Dockerfile")}
if ! podman image exists "$base" && ! podman pull -q "$base" >/dev/null 2>&1; then
  echo "container-test: base image $base is not available (no registry" \
    "reachable); recipe checked, image not built"
  exit 0
fi
tag=localhost/readycheck:test
args=(--isolation=chroot) # RUN steps without cgroups (works where crun cannot)
[[ -n ${BASE:-} ]] && args+=(--build-arg "BASE=$BASE")
podman build -q "${args[@]}" -t "$tag" "$src" >/dev/null
trap 'podman image rm -f "$tag" >/dev/null 2>&1; rm -rf "$work"' EXIT
if podman run --rm "$tag" --version 2>/dev/null; then
  test "$(podman run --rm --entrypoint id "$tag" -u)" = 10001
  status=0
  podman run --rm -e NO_COLOR=1 -v "$src/examples/blocked-repo:/repo:ro" \
    "$tag" >"$work/run.txt" || status=$?
  tail -1 "$work/run.txt"
  test "$status" -eq 1
  grep -q '^BLOCKED  score' "$work/run.txt"
  echo "container-test: image built and run: uid 10001, checks a mounted repository"
  exit 0
fi
# The engine builds but cannot start containers here (no cgroup or rlimit
# rights): run the image's own files instead, as its user, by chroot.
mnt=$(podman image mount "$tag")
trap 'podman image unmount "$tag" >/dev/null; podman image rm -f "$tag" >/dev/null 2>&1; rm -rf "$work"' EXIT
test "$(podman image inspect -f '{{.Config.User}}' "$tag")" = 10001:10001
chroot --userspec=10001:10001 "$mnt" /usr/bin/readycheck --version
status=0
chroot --userspec=10001:10001 "$mnt" /usr/bin/readycheck --no-color \
  /usr/share/doc/readycheck >"$work/run.txt" || status=$?
tail -1 "$work/run.txt"
[[ $status -le 1 ]]
grep -Eq '^(READY|READY WITH WARNINGS|BLOCKED)  ' "$work/run.txt"
echo "container-test: image built; containers cannot start here, so its" \
  "files were run by chroot as uid 10001"
