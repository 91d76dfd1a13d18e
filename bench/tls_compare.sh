#!/usr/bin/env bash
# Plain HTTP against HTTPS on one server: keep-alive throughput and the cost
# of a connection (a TLS handshake) per request, with dynastore-bench.
#
#   bench/tls_compare.sh              # BUILD_DIR=build, 10 s per run
#   BENCH_SECONDS=20 CONNECTIONS=32 bench/tls_compare.sh
#
# Generates a throwaway CA and a P-256 server certificate with the openssl
# command, starts `dynastore --in-memory --host 127.0.0.1` with plain HTTP on
# one free port and HTTPS (--https-port) on another, loads 10,000 items, then
# runs the `get` workload four ways: http and https, keep-alive and
# --connection-per-request. Everything it starts is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
work="$(mktemp -d "${TMPDIR:-/tmp}/dynastore-tls.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 1 \
  -subj "/CN=bench CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
  -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile ext \
  -out server.pem 2>/dev/null

http_port="$(free_port)"
https_port="$(free_port)"
"$BUILD_DIR/dynastore" --in-memory --host 127.0.0.1 --port "$http_port" --https-port "$https_port" \
  --tls-cert server.pem --tls-key server.key --log-level warn &
pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$http_port/" >/dev/null && break
  sleep 0.1
done

bench() { "$BUILD_DIR/dynastore-bench" --workload get --duration "$SECONDS_PER_RUN" --connections "$CONNECTIONS" \
  --server-pid "$pid" "$@"; }
bench --endpoint "http://127.0.0.1:$http_port" --setup-only --duration 1 >/dev/null
echo "== http, keep-alive"; bench --endpoint "http://127.0.0.1:$http_port"
echo "== https, keep-alive"; bench --endpoint "https://127.0.0.1:$https_port" --ca-file ca.pem
# Shorter: every request leaves a socket in TIME_WAIT.
SECONDS_PER_RUN="${BENCH_CONNECT_SECONDS:-5}"
echo "== http, a connection per request"; bench --endpoint "http://127.0.0.1:$http_port" --connection-per-request
echo "== https, a connection (full handshake) per request"
bench --endpoint "https://127.0.0.1:$https_port" --ca-file ca.pem --connection-per-request
