# shellcheck shell=bash
# Shared by docker/build-image.sh and docker/test-image.sh (sourced, bash).
#
# Sets up a self-contained container environment for buildah and podman on a
# machine without a Docker daemon or registry access: container storage (vfs
# driver), runtime (runc) and configuration all live under $DOCKER_CACHE
# (default build/docker), so the machine's own /etc/containers and
# /var/lib/containers are never touched, and `make clean` removes it all.
# Base images (debian:bookworm, debian:bookworm-slim) are built locally with
# debootstrap from the machine's configured Debian mirror (build-base-images.sh).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DOCKER_CACHE="${DOCKER_CACHE:-$REPO_ROOT/build/docker}"
IMAGE="${IMAGE:-localhost/dynastore:latest}"
DEBIAN_RELEASE="${DEBIAN_RELEASE:-bookworm}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Installs buildah, podman, debootstrap and runc when missing (root only).
ensure_container_tools() {
  local missing=() tool
  for tool in buildah podman debootstrap runc; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    die "missing ${missing[*]}: run as root, or: sudo apt-get install -y ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Writes the storage, engine and registry configuration and exports the
# variables that point buildah and podman at it.
setup_container_env() {
  [ "$(id -u)" = 0 ] || die "building and running the image needs root here (rootful buildah/podman, vfs storage)"
  mkdir -p "$DOCKER_CACHE/storage" "$DOCKER_CACHE/run" "$DOCKER_CACHE/tmp"
  cat >"$DOCKER_CACHE/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$DOCKER_CACHE/storage"
runroot = "$DOCKER_CACHE/run"
CONF
  # Containers share the host's network (loopback only is used), so no CNI
  # setup is needed. The rlimits podman would set by default (nofile and
  # nproc at 1048576) cannot be raised in sandboxes without
  # CAP_SYS_RESOURCE: stay within what this process has.
  local nofile
  nofile="$(ulimit -Hn)"
  if [ "$nofile" = unlimited ] || [ "$nofile" -gt 65536 ]; then nofile=65536; fi
  cat >"$DOCKER_CACHE/containers.conf" <<CONF
[containers]
netns = "host"
default_ulimits = ["nofile=$nofile:$nofile", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$DOCKER_CACHE/run/events.log"
tmp_dir = "$DOCKER_CACHE/tmp"
CONF
  # No registry is reachable: never search one for a short name.
  cat >"$DOCKER_CACHE/registries.conf" <<CONF
unqualified-search-registries = []
short-name-mode = "permissive"
CONF
  export CONTAINERS_STORAGE_CONF="$DOCKER_CACHE/storage.conf"
  export CONTAINERS_CONF="$DOCKER_CACHE/containers.conf"
  export CONTAINERS_REGISTRIES_CONF="$DOCKER_CACHE/registries.conf"
  export BUILDAH_ISOLATION=chroot
  export TMPDIR="$DOCKER_CACHE/tmp"
}

image_exists() { podman image exists "$1" 2>/dev/null; }
