#!/usr/bin/env bash
# Three dynastore nodes replicating with Raft, on loopback, in the
# foreground: `make cluster`. Ctrl-C (or SIGTERM) stops all three.
#
#   CLUSTER_PORTS   the three DynamoDB API ports (default "8001 8002 8003");
#                   each node's Raft port is its API port + 1000
#   CLUSTER_DIR     data, one directory per node (default ./dynastore-cluster)
#   DYNASTORE       the binary (default build/dynastore)
set -euo pipefail

read -r -a ports <<<"${CLUSTER_PORTS:-8001 8002 8003}"
dir=${CLUSTER_DIR:-./dynastore-cluster}
binary=${DYNASTORE:-build/dynastore}
if [ "${#ports[@]}" -ne 3 ]; then
  echo "CLUSTER_PORTS must list three ports" >&2
  exit 2
fi

members=""
for i in 0 1 2; do
  members+="${members:+,}$((i + 1))=127.0.0.1:$((ports[i] + 1000))/127.0.0.1:${ports[i]}"
done

pids=()
stop() {
  trap - INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM

for i in 0 1 2; do
  mkdir -p "$dir/node$((i + 1))"
  "$binary" --host 127.0.0.1 --port "${ports[i]}" --data-dir "$dir/node$((i + 1))" \
    --cluster "$members" --node-id $((i + 1)) 2>&1 | sed -u "s/^/[node$((i + 1))] /" &
  pids+=($!)
done
echo "cluster: API on ${ports[*]} (127.0.0.1), data in $dir; status: curl 127.0.0.1:${ports[0]}/cluster/status; Ctrl-C stops"
wait -n "${pids[@]}" || true
stop
