#!/usr/bin/env bash
# Replicated put throughput against one node with --sync, the comparison in
# docs/replication.md ("Measured"): for ROUNDS rounds, in turn, a single
# node with --sync, a three-node cluster written through its leader, and
# the same through a follower (relayed), each fresh on loopback with its
# data in a temporary directory, put-new at CONNECTIONS connections for
# SECONDS. Prints each run's throughput and latency, and per cluster run the
# CPU each node spent per request (from /proc), then the leader's ratios.
#
# Usage: bench/cluster_compare.sh
# Environment: ROUNDS=3 SECONDS_PER_RUN=8 CONNECTIONS=64 BUILD_DIR=build
#              SERVER=$BUILD_DIR/dynastore
#              BASE_PORT=8300 (API ports BASE+1..3, Raft ports BASE+1001..3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SERVER="${SERVER:-$BUILD_DIR/dynastore}"
BENCH="$BUILD_DIR/dynastore-bench"
ROUNDS="${ROUNDS:-3}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-8}"
CONNECTIONS="${CONNECTIONS:-64}"
BASE_PORT="${BASE_PORT:-8300}"

work="$(mktemp -d "${TMPDIR:-/tmp}/dynastore-cluster-compare.XXXXXX")"
pids=()
stop_servers() {
  if [ "${#pids[@]}" -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  pids=()
}
trap 'stop_servers; rm -rf "$work"' EXIT

api_port() { echo $((BASE_PORT + $1)); }
raft_port() { echo $((BASE_PORT + 1000 + $1)); }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Waits (at most 10 s) until GET / answers on port $1.
wait_healthy() {
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$1/" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "no server on port $1" >&2
  return 1
}

# Prints the id of the serving leader, waiting at most 15 s.
serving_leader() {
  for _ in $(seq 1 150); do
    for i in 1 2 3; do
      if curl -fs "http://127.0.0.1:$(api_port "$i")/cluster/status" 2>/dev/null | grep -q '"serving":true'; then
        echo "$i"
        return 0
      fi
    done
    sleep 0.1
  done
  echo "no serving leader" >&2
  return 1
}

# Runs put-new against port $1; prints "req/s p50 p99" and the request count.
run_load() {
  local out="$work/bench.txt"
  "$BENCH" --endpoint "http://127.0.0.1:$1" --workload put-new --setup-only >/dev/null 2>&1
  "$BENCH" --endpoint "http://127.0.0.1:$1" --workload put-new --connections "$CONNECTIONS" --threads 2 \
    --duration "$SECONDS_PER_RUN" --warmup 0 >"$out" 2>&1
  local rate p50 p99 requests
  rate=$(grep -oE '[0-9]+ req/s' "$out" | head -1 | grep -oE '[0-9]+')
  p50=$(grep -oE 'p50 [0-9.]+' "$out" | head -1 | cut -d' ' -f2)
  p99=$(grep -oE 'p99 [0-9.]+' "$out" | head -1 | cut -d' ' -f2)
  requests=$(grep -oE '[0-9]+ requests' "$out" | head -1 | grep -oE '[0-9]+')
  echo "$rate $p50 $p99 $requests"
}

single_sync() {
  "$SERVER" --host 127.0.0.1 --port "$(api_port 1)" --data-dir "$work/single" --sync --log-level warn \
    >>"$work/servers.log" 2>&1 &
  pids+=("$!")
  wait_healthy "$(api_port 1)"
  local before
  before=$(cpu_ticks "${pids[0]}")
  read -r rate p50 p99 requests < <(run_load "$(api_port 1)")
  local spent=$(( $(cpu_ticks "${pids[0]}") - before ))
  printf 'sync              %7s req/s  p50 %6s ms  p99 %6s ms  CPU/request: %s us\n' "$rate" "$p50" "$p99" \
    "$((spent * 1000000 / $(getconf CLK_TCK) / requests))"
  stop_servers
  rm -rf "$work/single"
  last_sync=$rate
}

# $1: leader | follower (the node the load generator calls)
cluster() {
  local members="" i
  for i in 1 2 3; do
    members+="${members:+,}$i=127.0.0.1:$(raft_port "$i")/127.0.0.1:$(api_port "$i")"
  done
  for i in 1 2 3; do
    "$SERVER" --host 127.0.0.1 --port "$(api_port "$i")" --data-dir "$work/node$i" --cluster "$members" \
      --node-id "$i" --log-level warn >>"$work/servers.log" 2>&1 &
    pids+=("$!")
  done
  for i in 1 2 3; do wait_healthy "$(api_port "$i")"; done
  local leader target
  leader=$(serving_leader)
  target=$leader
  [ "$1" = follower ] && target=$((leader % 3 + 1))
  local before=()
  for i in 0 1 2; do before[i]=$(cpu_ticks "${pids[i]}"); done
  read -r rate p50 p99 requests < <(run_load "$(api_port "$target")")
  local cpu="" hz
  hz=$(getconf CLK_TCK)
  for i in 0 1 2; do
    local spent=$(( $(cpu_ticks "${pids[i]}") - before[i] ))
    local role=follower
    [ $((i + 1)) = "$leader" ] && role=leader
    cpu+=" $role $((spent * 1000000 / hz / requests)) us"
  done
  printf 'cluster %-9s %7s req/s  p50 %6s ms  p99 %6s ms  CPU/request:%s\n' "($1)" "$rate" "$p50" "$p99" "$cpu"
  stop_servers
  rm -rf "$work"/node*
  last_cluster=$rate
}

echo "put-new, $CONNECTIONS connections, $SECONDS_PER_RUN s per run, $ROUNDS rounds; load: $(cut -d' ' -f1-3 /proc/loadavg)"
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  single_sync
  cluster leader
  ratios+=("$((last_cluster * 100 / last_sync))%")
  cluster follower
done
echo "leader vs --sync, round by round: ${ratios[*]}; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
