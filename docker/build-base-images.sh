#!/usr/bin/env bash
# Builds the debian:bookworm and debian:bookworm-slim base images locally with
# debootstrap (variant minbase) from the Debian mirror this machine's apt uses,
# and imports them into the container storage under those names, for machines
# that reach Debian's mirror but no container registry.
#
# The root filesystems are cached as tarballs in $DOCKER_CACHE/base, so a
# rerun only imports them (or does nothing when the images are present).
# What makes "slim" slim is what Debian's own image build does: no
# documentation, man pages or translations (dpkg path excludes).
set -euo pipefail
# shellcheck source=docker/lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BASE_DIR="$DOCKER_CACHE/base"
FULL_TAG="docker.io/library/debian:$DEBIAN_RELEASE"
SLIM_TAG="docker.io/library/debian:$DEBIAN_RELEASE-slim"
FULL_TAR="$BASE_DIR/debian-$DEBIAN_RELEASE.tar"
SLIM_TAR="$BASE_DIR/debian-$DEBIAN_RELEASE-slim.tar"

# "SUITE URI" for every enabled deb source of this machine, from both the
# one-line (.list) and the deb822 (.sources) formats.
host_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } print $(i + 1), $i }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush(   n, s, i) {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no" && uri != "") {
          n = split(suites, s, /[ \t]+/)
          for (i = 1; i <= n; i++) if (s[i] != "") print s[i], uri
        }
        types = ""; uri = ""; suites = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        key = tolower($1); sub(/:$/, "", key)
        val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "types") types = val
        else if (key == "uris") { split(val, u, /[ \t]+/); uri = u[1] }
        else if (key == "suites") suites = val
        else if (key == "enabled") enabled = tolower(val)
      }
      END { flush() }' "$f"
  done
}

mirror_for() {  # SUITE -> the machine's URI for it, or nothing
  host_sources | awk -v s="$1" '$1 == s { print $2; exit }'
}

# The image's /etc/apt/sources.list.d/debian.sources: the machine's mirrors
# for the release, its -updates and its -security suites.
write_image_sources() {
  local out="$1" suite uri
  : >"$out"
  for suite in "$DEBIAN_RELEASE" "$DEBIAN_RELEASE-updates" "$DEBIAN_RELEASE-security"; do
    uri="$(mirror_for "$suite")"
    [ -n "$uri" ] || continue
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' \
      "$uri" "$suite" >>"$out"
  done
}

# The container-image conventions of Debian's official images (debuerreotype).
configure_rootfs() {
  local rootfs="$1"
  rm -f "$rootfs/etc/apt/sources.list"
  write_image_sources "$rootfs/etc/apt/sources.list.d/debian.sources"
  # Settings this machine needs to use its mirror (a proxy, or a snapshot
  # mirror whose Release files have expired) carry over into the image.
  apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|https?::Proxy) ' \
    >"$rootfs/etc/apt/apt.conf.d/90host-mirror" || rm -f "$rootfs/etc/apt/apt.conf.d/90host-mirror"
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
  echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  rm -rf "${rootfs:?}"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "${rootfs:?}"/tmp/* "${rootfs:?}"/dev/* \
    "$rootfs/etc/hostname" "$rootfs/etc/resolv.conf"
  : >"$rootfs/etc/machine-id"
}

slimify() {
  local rootfs="$1"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'CONF'
# Debian's -slim images keep no documentation, manuals or translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
CONF
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -depth -type d -empty -delete
  rm -rf "${rootfs:?}"/usr/share/groff/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/linda/* \
    "$rootfs"/usr/share/lintian/overrides/* "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/man/*
}

make_tarballs() {
  local rootfs="$BASE_DIR/rootfs" mirror include=()
  mirror="$(mirror_for "$DEBIAN_RELEASE")"
  mirror="${mirror:-http://deb.debian.org/debian}"
  case "$mirror" in https:*) include=(--include=ca-certificates) ;; esac
  rm -rf "$rootfs"
  mkdir -p "$BASE_DIR"
  log "debootstrap $DEBIAN_RELEASE (minbase) from $mirror"
  if ! debootstrap --variant=minbase "${include[@]}" "$DEBIAN_RELEASE" "$rootfs" "$mirror" >"$BASE_DIR/debootstrap.log" 2>&1; then
    tail -20 "$BASE_DIR/debootstrap.log" >&2
    die "debootstrap failed (full log: $BASE_DIR/debootstrap.log)"
  fi
  configure_rootfs "$rootfs"
  tar --numeric-owner -C "$rootfs" -cf "$FULL_TAR.tmp" . && mv "$FULL_TAR.tmp" "$FULL_TAR"
  slimify "$rootfs"
  tar --numeric-owner -C "$rootfs" -cf "$SLIM_TAR.tmp" . && mv "$SLIM_TAR.tmp" "$SLIM_TAR"
  rm -rf "$rootfs"
}

import() {  # TARBALL TAG
  log "importing $1 as $2"
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' "$1" "$2" >/dev/null
}

ensure_container_tools
setup_container_env
if image_exists "$FULL_TAG" && image_exists "$SLIM_TAG"; then
  exit 0
fi
if [ ! -f "$FULL_TAR" ] || [ ! -f "$SLIM_TAR" ]; then
  make_tarballs
fi
image_exists "$FULL_TAG" || import "$FULL_TAR" "$FULL_TAG"
image_exists "$SLIM_TAG" || import "$SLIM_TAR" "$SLIM_TAG"
