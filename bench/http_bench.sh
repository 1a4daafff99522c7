#!/usr/bin/env bash
# HTTP concurrency benchmark for readycheck's network probes (not a test).
#
# Starts two local servers on 127.0.0.1 (free ports, stopped by PID on exit):
#   - tests/http/edge_server.py, whose /slow?ms=M answers after M ms
#     (a service with real latency), and
#   - nginx in a private prefix (answers at once: measures overhead).
# Generates a rule file with N http rules, one distinct URL each, and times
# the whole run with --jobs 1 and --jobs 32 (hyperfine if installed, else
# bash's time).
#
# usage: bench/http_bench.sh [BINARY] [N] [DELAY_MS]
#   BINARY    default build/src/readycheck
#   N         endpoints, default 200
#   DELAY_MS  latency of each slow endpoint, default 50
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/src/readycheck}")
n=${2:-200}
delay=${3:-50}
work=$(mktemp -d /tmp/readycheck-bench.XXXXXX)
chmod 0755 "$work"
edge_pid=''
nginx_pid=''
cleanup() {
  if [ -n "$edge_pid" ]; then kill "$edge_pid" 2>/dev/null || true; fi
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The edge server prints its port on its first line.
mkfifo "$work/edge.out"
python3 tests/http/edge_server.py >"$work/edge.out" &
edge_pid=$!
read -r edge_port <"$work/edge.out"

nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp_body;
  proxy_temp_path $work/tmp_proxy;
  fastcgi_temp_path $work/tmp_fastcgi;
  uwsgi_temp_path $work/tmp_uwsgi;
  scgi_temp_path $work/tmp_scgi;
  server { listen 127.0.0.1:$nginx_port; location / { return 200 'ok'; } }
}
CONF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -e "$work/error.log" &
nginx_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break
  sleep 0.05
done

# One rule per endpoint; each URL differs, so nothing is deduplicated.
gen_rules() { # file path-template
  {
    echo "version: 1"
    echo "rules:"
    for i in $(seq "$n"); do
      cat <<RULE
  - id: bench.e$i
    title: endpoint $i
    category: performance
    severity: warn
    probe: { http: { url: '\${BENCH_URL}$2$i', status: 200 } }
    remediation: none
RULE
    done
  } >"$1"
}
gen_rules "$work/slow.yaml" "/slow?ms=$delay&i="
gen_rules "$work/fast.yaml" "/e"
mkdir -p "$work/repo"

cmd() { # rules url jobs
  echo "$bin --no-builtin --rules $1 --endpoint BENCH_URL=$2 --jobs $3 -f json $work/repo"
}
slow_url="http://127.0.0.1:$edge_port"
fast_url="http://127.0.0.1:$nginx_port"

echo "readycheck: $("$bin" --version)"
echo "endpoints: $n; slow endpoints answer after ${delay} ms"
# A run where the endpoints fail must not pass for a fast one: check that
# every endpoint answered before timing anything.
for spec in "slow.yaml $slow_url" "fast.yaml $fast_url"; do
  read -r file url <<<"$spec"
  passed=$("$bin" --no-builtin --rules "$work/$file" --endpoint "BENCH_URL=$url" \
    --jobs 32 -f json "$work/repo" |
    python3 -c 'import json,sys; print(sum(c["status"]=="PASS" for c in json.load(sys.stdin)["checks"]))')
  if [ "$passed" != "$n" ]; then
    echo "bench: only $passed of $n endpoints passed in $file" >&2
    exit 1
  fi
done
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs "${RUNS:-5}" \
    -n "slow, --jobs 1" "$(cmd "$work/slow.yaml" "$slow_url" 1)" \
    -n "slow, --jobs 32" "$(cmd "$work/slow.yaml" "$slow_url" 32)" \
    -n "nginx, --jobs 1" "$(cmd "$work/fast.yaml" "$fast_url" 1)" \
    -n "nginx, --jobs 32" "$(cmd "$work/fast.yaml" "$fast_url" 32)" \
    2>&1 | sed "s|$work|\$WORK|g"
else
  for spec in "slow.yaml $slow_url" "fast.yaml $fast_url"; do
    read -r file url <<<"$spec"
    for jobs in 1 32; do
      echo "== $file --jobs $jobs"
      time bash -c "$(cmd "$work/$file" "$url" "$jobs") >/dev/null"
    done
  done
fi
