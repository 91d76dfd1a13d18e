#!/bin/sh
# Entrypoint of the Dynastore image.
#
#   docker run IMAGE [FLAGS...]        serve: dynastore --host 0.0.0.0 --data-dir /data FLAGS...
#                                      (FLAGS may be dynastore's or DynamoDB Local's, including
#                                      "-jar DynamoDBLocal.jar ..." or "java ... -jar ..." lines)
#   docker run IMAGE dynastore FLAGS   the same
#   docker run IMAGE healthcheck       what HEALTHCHECK runs: GET / on the server's port
#                                      (over HTTPS when --tls-cert serves --port)
#   docker run IMAGE COMMAND...        any other command, run as is (e.g. sh)
#
# Started as root (the default), it makes the data directory belong to the
# server user (a fresh named volume, or a host directory owned by someone
# else), then runs the server as that user. Started as another user
# (--user UID:GID), it uses the directory as it is. Either way the server
# never starts on a data directory it cannot write: the container stops
# with the reason instead.
set -eu

DYNASTORE=/usr/local/bin/dynastore
SERVER_USER=dynastore

# scan_args ARGS...: what dynastore will make of ARGS (the last flag wins).
scan_args() {
  data_dir=/data in_memory=0 port=8000 host=0.0.0.0 info_only=0 tls=0 https_port=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --data-dir | -dbPath) [ $# -ge 2 ] && { data_dir=$2; shift; } ;;
      --data-dir=*) data_dir=${1#*=} ;;
      --in-memory | -inMemory) in_memory=1 ;;
      --port | -port) [ $# -ge 2 ] && { port=$2; shift; } ;;
      --port=*) port=${1#*=} ;;
      --host) [ $# -ge 2 ] && { host=$2; shift; } ;;
      --host=*) host=${1#*=} ;;
      --tls-cert) [ $# -ge 2 ] && { tls=1; shift; } ;;
      --tls-cert=*) tls=1 ;;
      --https-port) [ $# -ge 2 ] && { https_port=$2; shift; } ;;
      --https-port=*) https_port=${1#*=} ;;
      --help | -help | -h | --version | -version | --health-check | --health-check=*) info_only=1 ;;
      # Other flags with a value: skip the value.
      --region | --credentials | --threads | --log-level | --cors | -cors | -jar | --tls-key | --tls-client-ca)
        [ $# -ge 2 ] && shift ;;
    esac
    shift
  done
}

fail() {
  echo "docker-entrypoint: $*" >&2
  exit 1
}

healthcheck() {
  # The server's own command line is PID 1's (or, under --init, its child's
  # arguments are in it too): read the port and address from it.
  set --
  if [ -r /proc/1/cmdline ]; then
    while IFS= read -r word; do set -- "$@" "$word"; done <<ARGS
$(tr '\0' '\n' </proc/1/cmdline)
ARGS
  fi
  scan_args "$@"
  case "$host" in
    "" | 0.0.0.0 | "*") host=127.0.0.1 ;;
    :: | "[::]") host="[::1]" ;;
    *:*) host="[$host]" ;;
  esac
  # With TLS on --port alone (no --https-port) the probe speaks HTTPS.
  scheme=http
  [ "$tls" = 1 ] && [ -z "$https_port" ] && scheme=https
  exec "$DYNASTORE" --health-check "$scheme://$host:$port/"
}

case "${1:-}" in
  healthcheck) healthcheck ;;
  dynastore | "$DYNASTORE") shift ;;
  "" | -* | java | */java) ;;
  *) exec "$@" ;;
esac

# Defaults for a container; any of the caller's flags overrides them.
set -- --host 0.0.0.0 --data-dir /data "$@"
scan_args "$@"

if [ "$(id -u)" = 0 ]; then
  run_as="setpriv --reuid=$SERVER_USER --regid=$SERVER_USER --init-groups --inh-caps=-all --"
else
  run_as=""
fi

if [ "$info_only" = 0 ] && [ "$in_memory" = 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    mkdir -p -- "$data_dir"
    # Only what the server user does not own yet: a restart finds nothing to
    # change, however large the store.
    if ! err=$(find "$data_dir" ! -user "$SERVER_USER" -exec chown "$SERVER_USER:$SERVER_USER" {} + 2>&1); then
      echo "docker-entrypoint: warning: could not give $data_dir to user $SERVER_USER: $(printf '%s' "$err" | head -c 400)" >&2
    fi
  elif ! mkdir -p -- "$data_dir" 2>/dev/null; then
    fail "cannot create the data directory $data_dir as uid $(id -u)."
  fi
  # shellcheck disable=SC2016,SC2086
  if ! $run_as sh -c 'probe="$1/.dynastore-write-test.$$" && : >"$probe" && rm -f "$probe"' sh "$data_dir" 2>/dev/null; then
    who="uid $(id -u)"
    [ -n "$run_as" ] && who="user $SERVER_USER (uid $(id -u "$SERVER_USER"))"
    fail "the data directory $data_dir is not writable by $who.
  A mounted host directory or volume must be writable by the server. Either start
  the container as root (the default) on a filesystem where it may change owners,
  run it as the directory's owner (docker run --user \"\$(id -u):\$(id -g)\" ...),
  make the directory writable for $who, or keep the data in memory (-inMemory)."
  fi
fi

# shellcheck disable=SC2086
exec $run_as "$DYNASTORE" "$@"
