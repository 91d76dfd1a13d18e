#!/usr/bin/env bash
# Instructions per request of the server, the repeatable figure behind
# docs/performance.md: runs build/dynastore (in memory, one I/O thread) under
# valgrind's callgrind, loads the workload's table, sends a warm-up, zeroes
# the counters, sends a fixed number of requests with dynastore-bench, dumps
# the counters and prints the server's user-space instructions per request
# (every thread of the process: I/O, RocksDB's flushes and compactions).
#
# Usage: bench/callgrind.sh [WORKLOAD [REQUESTS [CONNECTIONS]]]
#   WORKLOAD     put | get | query | mixed | update | scan | transfer |
#                put-new | batch-load | mixed-new                   [get]
#   REQUESTS     measured requests                               [20000]
#   CONNECTIONS  dynastore-bench --connections                   [4]
# Environment:
#   BUILD_DIR=build   where dynastore and dynastore-bench are
#   KEEP=DIR          keep the callgrind output there (for callgrind_annotate)
#   WARMUP=20000      requests sent before the counters are zeroed: enough
#                     that the row cache holds most of the 10,000 keys, as
#                     it does after the suite's 1 s warm-up at ~50k/s
#   BENCH_ARGS=""     more dynastore-bench options for the warm-up and the
#                     measured requests (not the table's setup), e.g.
#                     "--table-size 10000000": puts of (almost only) new keys
#   ON_DISK=1         run the server on disk (--data-dir in the temporary
#                     directory, without --sync) instead of --in-memory
#   SERVER_ARGS=""    more dynastore options
#   SETUP_ARGS=""     more dynastore-bench options for the table's setup only,
#                     e.g. "--stream-view-type NEW_AND_OLD_IMAGES": the
#                     table gets a stream, every write a stream record
# Expect about a minute for 20,000 requests. The counts move by ~1% between
# runs (mostly where RocksDB's flushes fall), far less than wall-clock time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
WORKLOAD="${1:-get}"
WARMUP="${WARMUP:-20000}"
REQUESTS="${2:-20000}"
CONNECTIONS="${3:-4}"
BENCH="$BUILD_DIR/dynastore-bench"

command -v valgrind >/dev/null || { echo "callgrind.sh: needs valgrind" >&2; exit 1; }
for binary in "$BUILD_DIR/dynastore" "$BENCH"; do
  [ -x "$binary" ] || { echo "callgrind.sh: $binary not built" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/dynastore-callgrind.XXXXXX)"
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$WORK"/callgrind.out.* "$KEEP"/ 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cp "$BUILD_DIR/dynastore" "$WORK/dynastore"  # other builds may relink build/dynastore meanwhile
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
STORE=(--in-memory)
[ "${ON_DISK:-0}" = 1 ] && STORE=(--data-dir "$WORK/data")
# shellcheck disable=SC2086  # SERVER_ARGS is a list of options
valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out.%p" \
  "$WORK/dynastore" "${STORE[@]}" --threads 1 --host 127.0.0.1 --port "$PORT" --log-level warn ${SERVER_ARGS:-} \
  >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 300); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done

ENDPOINT="http://127.0.0.1:$PORT"
# shellcheck disable=SC2086  # SETUP_ARGS is a list of options
"$BENCH" --endpoint "$ENDPOINT" --workload "$WORKLOAD" --setup-only ${SETUP_ARGS:-} >/dev/null
# The warm-up draws its keys with another seed than the measured requests
# (--seed 1, the default): with BENCH_ARGS="--table-size 10000000" the
# measured puts then write new keys, not the keys the warm-up just wrote.
# shellcheck disable=SC2086  # BENCH_ARGS is a list of options
"$BENCH" --endpoint "$ENDPOINT" --workload "$WORKLOAD" --requests "$WARMUP" --warmup 0 \
  --connections "$CONNECTIONS" --seed 2 ${BENCH_ARGS:-} >/dev/null
callgrind_control -z "$PID" >/dev/null 2>&1
# shellcheck disable=SC2086
"$BENCH" --endpoint "$ENDPOINT" --workload "$WORKLOAD" --requests "$REQUESTS" --warmup 0 \
  --connections "$CONNECTIONS" ${BENCH_ARGS:-} >"$WORK/bench.txt"
callgrind_control -d "$PID" >/dev/null 2>&1

# The dump after the zeroing is part 1 of the profile.
TOTAL="$(awk '/^summary:/ { print $2 }' "$WORK"/callgrind.out.*.1)"
grep -E '^(measured|errors)' "$WORK/bench.txt" >&2 || true
echo "$WORKLOAD: $TOTAL instructions for $REQUESTS requests, $((TOTAL / REQUESTS)) per request"
