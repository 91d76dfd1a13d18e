#!/usr/bin/env bash
# make docker-test: runs the image built by `make docker` the way users do and
# checks it end to end with podman and the AWS CLI:
#   - a host directory owned by another user, mounted on /data, is handed to
#     the server user and used; the container serves within seconds and its
#     HEALTHCHECK reports healthy;
#   - a DynamoDB Local command line (-jar DynamoDBLocal.jar -sharedDb -port N)
#     works; create-table, put-item, get-item with the AWS CLI;
#   - after a restart the data is still there;
#   - SIGTERM (podman stop) ends it cleanly, well within the grace period;
#   - a named volume keeps the data from one container to the next;
#   - a data directory the server cannot write stops the container with the
#     reason.
# Containers use the host's network and listen on 127.0.0.1 only. Every wait
# is bounded; containers, volumes and files are removed on any exit.
set -euo pipefail
# shellcheck source=docker/lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GRACE=10          # seconds podman stop waits after SIGTERM before SIGKILL
START_TIMEOUT=30  # seconds for a container to report healthy

setup_container_env
image_exists "$IMAGE" || die "no image $IMAGE: run make docker first"
command -v aws >/dev/null || die "the AWS CLI (aws) is needed: make deps installs it"

run_id="$$"
containers=()
volume="dynastore-test-$run_id"
workdir="$(mktemp -d "$DOCKER_CACHE/test.XXXXXX")"
passed=0
t0=$(date +%s.%N)

cleanup() {
  local status=$?
  local c
  for c in "${containers[@]+"${containers[@]}"}"; do
    if [ "$status" != 0 ] && podman container exists "$c" 2>/dev/null; then
      log "logs of $c:"
      podman logs --tail 30 "$c" >&2 2>&1 || true
    fi
    podman rm --force --time 0 "$c" >/dev/null 2>&1 || true
  done
  podman volume rm --force "$volume" >/dev/null 2>&1 || true
  rm -rf "$workdir"
  if [ "$status" = 0 ]; then
    echo "docker-test: $passed passed, 0 failed"
  else
    echo "docker-test: $passed passed, 1 failed"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { passed=$((passed + 1)); log "ok: $*"; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# aws dynamodb with dummy credentials and no user configuration.
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_MAX_ATTEMPTS=2
export AWS_CONFIG_FILE="$workdir/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$workdir/no-aws-credentials"
unset AWS_PROFILE AWS_SESSION_TOKEN
ddb() {  # PORT ARGS...
  local port="$1"
  shift
  timeout 60 aws dynamodb --endpoint-url "http://127.0.0.1:$port" --cli-connect-timeout 5 \
    --cli-read-timeout 20 --output text "$@"
}

# start NAME ARGS...: podman run -d (host network), remembered for cleanup.
start() {
  local name="$1"
  shift
  containers+=("$name")
  pm run --detach --name "$name" --network host "$@" >/dev/null
}

# podman (bounded: 2 minutes), less its complaints that no systemd runs here to schedule the
# periodic health checks (this script runs them itself).
pm() {
  { timeout 120 podman "$@" 2>&1 1>&3 3>&- | { grep -v 'systemd connection' || true; } >&2; } 3>&1
}

state() { podman inspect --format "{{$2}}" "$1"; }

# wait_healthy NAME: until the image's HEALTHCHECK passes; prints the seconds.
wait_healthy() {
  local name="$1" since
  since=$(date +%s.%N)
  local deadline=$((SECONDS + START_TIMEOUT))
  while ! pm healthcheck run "$name" >/dev/null 2>&1; do
    [ "$(state "$name" .State.Running)" = true ] || die "$name exited ($(state "$name" .State.ExitCode)) before it was healthy"
    [ $SECONDS -lt $deadline ] || die "$name not healthy within $START_TIMEOUT s"
    sleep 0.2
  done
  [ "$(state "$name" .State.Health.Status)" = healthy ] || die "$name: health status $(state "$name" .State.Health.Status)"
  elapsed "$since"
}

# stop_within_grace NAME: podman stop (SIGTERM, SIGKILL after $GRACE s) must
# end it cleanly (exit 0, not killed) before the grace period is over.
stop_within_grace() {
  local name="$1" since took code
  since=$(date +%s.%N)
  pm stop --time "$GRACE" "$name" >/dev/null
  took=$(elapsed "$since")
  code=$(state "$name" .State.ExitCode)
  [ "$code" = 0 ] || die "$name exited with $code after SIGTERM (137: it had to be killed)"
  awk -v t="$took" -v g="$GRACE" 'BEGIN { exit !(t < g) }' || die "$name took $took s to stop (grace $GRACE s)"
  grep -q 'info stopped' <<<"$(podman logs "$name" 2>&1)" || die "$name did not log a clean shutdown"
  echo "$took"
}

# --- 1. A host directory owned by someone else, DynamoDB Local's command line
data="$workdir/data"
mkdir -p "$data"
echo "left by the host user" >"$data/host-file"
chown -R 4242:4242 "$data"
port=$(free_port)
main="dynastore-test-$run_id"
start "$main" --volume "$data:/data" "$IMAGE" \
  -jar DynamoDBLocal.jar -sharedDb -port "$port" --host 127.0.0.1
took=$(wait_healthy "$main")
ok "container healthy ${took} s after podman run (HEALTHCHECK: $(state "$main" .State.Health.Status))"
grep -q 'ignoring the Java launcher arguments' <<<"$(podman logs "$main" 2>&1)" || die "the -jar prefix was not reported"

if [ "$(stat -c %u "$data")" != 1000 ] || [ "$(stat -c %u "$data/host-file")" != 1000 ]; then
  die "the mounted directory was not given to the server user"
fi
ok "mounted host directory handed to the server user (uid 1000)"

ddb "$port" create-table --table-name Music \
  --attribute-definitions AttributeName=Artist,AttributeType=S AttributeName=Song,AttributeType=S \
  --key-schema AttributeName=Artist,KeyType=HASH AttributeName=Song,KeyType=RANGE \
  --billing-mode PAY_PER_REQUEST >/dev/null
ddb "$port" wait table-exists --table-name Music
ddb "$port" put-item --table-name Music \
  --item '{"Artist":{"S":"Arcade Fire"},"Song":{"S":"Wake Up"},"Year":{"N":"2004"}}'
key='{"Artist":{"S":"Arcade Fire"},"Song":{"S":"Wake Up"}}'
year=$(ddb "$port" get-item --table-name Music --key "$key" --consistent-read --query Item.Year.N)
[ "$year" = 2004 ] || die "get-item returned '$year', expected 2004"
ok "AWS CLI: create-table, put-item, get-item"
[ -n "$(find "$data" -name 'CURRENT' -user 1000)" ] || die "no store written in the mounted directory"
ok "store written in the mounted directory"

# --- 2. Restart: the data is read back
took=$(stop_within_grace "$main")
ok "SIGTERM: stopped cleanly in $took s (grace $GRACE s)"
pm start "$main" >/dev/null
took=$(wait_healthy "$main")
year=$(ddb "$port" get-item --table-name Music --key "$key" --consistent-read --query Item.Year.N)
[ "$year" = 2004 ] || die "after the restart get-item returned '$year'"
[ "$(ddb "$port" describe-table --table-name Music --query Table.TableStatus)" = ACTIVE ] || die "table not ACTIVE after restart"
ok "restarted (healthy in $took s): data read back"

took=$(stop_within_grace "$main")
ok "SIGTERM again: stopped cleanly in $took s"

# --- 3. A named volume keeps the data across containers
podman volume create "$volume" >/dev/null
port=$(free_port)
start "$main-vol1" --volume "$volume:/data" "$IMAGE" --host 127.0.0.1 --port "$port"
wait_healthy "$main-vol1" >/dev/null
ddb "$port" create-table --table-name Kept --attribute-definitions AttributeName=pk,AttributeType=S \
  --key-schema AttributeName=pk,KeyType=HASH --billing-mode PAY_PER_REQUEST >/dev/null
ddb "$port" put-item --table-name Kept --item '{"pk":{"S":"k"},"v":{"S":"still here"}}'
stop_within_grace "$main-vol1" >/dev/null
pm rm "$main-vol1" >/dev/null
start "$main-vol2" --volume "$volume:/data" "$IMAGE" --host 127.0.0.1 --port "$port"
wait_healthy "$main-vol2" >/dev/null
v=$(ddb "$port" get-item --table-name Kept --key '{"pk":{"S":"k"}}' --consistent-read --query Item.v.S)
[ "$v" = "still here" ] || die "named volume: got '$v'"
stop_within_grace "$main-vol2" >/dev/null
ok "named volume: data kept from one container to the next"

# --- 4. A data directory the server cannot write: the container says why
locked="$workdir/locked"
mkdir -p "$locked"
chmod 755 "$locked"
containers+=("$main-locked")
set +e
out=$(timeout 60 podman run --name "$main-locked" --network host --user 4242:4242 \
  --volume "$locked:/data" "$IMAGE" --host 127.0.0.1 --port "$(free_port)" 2>&1)
code=$?
set -e
[ "$code" = 1 ] || die "unwritable /data: exit code $code, expected 1; output: $out"
grep -q 'not writable' <<<"$out" || die "unwritable /data: no reason given: $out"
ok "unwritable data directory: container stops with the reason"

log "all checks passed in $(elapsed "$t0") s"
