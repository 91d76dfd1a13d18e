#!/usr/bin/env bash
# make docker: builds docker/Dockerfile into $IMAGE (localhost/dynastore:latest)
# with buildah, without a Docker daemon or registry: installs buildah/podman
# when missing, builds the Debian base images locally (build-base-images.sh),
# then builds with chroot isolation, vfs storage and the host's network.
#
# Layers are cached: a rebuild with unchanged sources takes seconds, one with
# changed sources recompiles (the dependency layer stays cached).
set -euo pipefail
# shellcheck source=docker/lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JOBS="${JOBS:-2}"
BUILD_TAG="${IMAGE%:*}-build:latest"  # the build stage, tagged so its cache is kept

"$REPO_ROOT/docker/build-base-images.sh"
setup_container_env

# The build context: a snapshot of what docker/Dockerfile.dockerignore lets
# in (its "!path" lines), so that both builds below see the same sources even
# while the work tree is being edited, and the second finds the first's
# layers in the cache.
CONTEXT="$DOCKER_CACHE/context"
rm -rf "$CONTEXT"
mkdir -p "$CONTEXT"
while IFS= read -r line; do
  case "$line" in
    '!'*)
      path="${line#!}"
      mkdir -p "$CONTEXT/$(dirname "$path")"
      cp -a "$REPO_ROOT/$path" "$CONTEXT/$path"
      ;;
  esac
done <"$REPO_ROOT/docker/Dockerfile.dockerignore"

# The full build output goes to $BUILD_LOG; its end is shown on failure.
BUILD_LOG="$DOCKER_CACHE/build.log"
: >"$BUILD_LOG"
bud() {
  if ! buildah bud --format docker --isolation chroot --network host --layers --force-rm --pull=never \
    --file "$REPO_ROOT/docker/Dockerfile" --ignorefile "$REPO_ROOT/docker/Dockerfile.dockerignore" \
    --build-arg "JOBS=$JOBS" "$@" "$CONTEXT" >>"$BUILD_LOG" 2>&1; then
    tail -n 60 "$BUILD_LOG" >&2
    die "image build failed (full output: $BUILD_LOG)"
  fi
}

# Nothing to do when the image was built from exactly these inputs (buildah's
# own layer cache would find everything too, but takes most of a minute to
# walk it with the vfs driver).
stamp="$( (cd "$CONTEXT" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - .) |
  cat - "$REPO_ROOT/docker/Dockerfile" | sha256sum | cut -d' ' -f1) $JOBS"
STAMP_FILE="$DOCKER_CACHE/image.stamp"
if image_exists "$IMAGE" && [ -f "$STAMP_FILE" ] &&
  [ "$(cat "$STAMP_FILE")" = "$stamp $(podman image inspect --format '{{.Id}}' "$IMAGE")" ]; then
  log "$IMAGE is up to date"
  exit 0
fi

# Leftovers of an interrupted build (this storage is ours alone).
buildah rm --all >/dev/null 2>&1 || true
podman image prune --force >/dev/null

started=$(date +%s)
log "building the build stage ($BUILD_TAG, -j$JOBS)"
bud --target build --tag "$BUILD_TAG"
log "building $IMAGE"
bud --tag "$IMAGE"
# Images left untagged by this build (earlier versions) go; the layers of the
# two tagged images stay as the cache of the next build.
podman image prune --force >/dev/null
echo "$stamp $(podman image inspect --format '{{.Id}}' "$IMAGE")" >"$STAMP_FILE"
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
log "built $IMAGE in $(($(date +%s) - started)) s: $((size / 1000000)) MB ($size bytes)"
