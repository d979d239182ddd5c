#!/usr/bin/env bash
# Makes the Debian base images the Dockerfiles build FROM, without any registry: no registry is
# reachable from the build machines, so `debian:bookworm` and `debian:bookworm-slim` are made with
# mmdebstrap from the Debian mirror and imported into the local engine.
#
# Usage: docker/make-base-images.sh [--force]
#   Skips an image that the engine already has, and re-imports a rootfs tarball that is already
#   cached (BASE_IMAGE_CACHE, default /var/cache/portfolio-images) instead of bootstrapping again.
#   --force rebuilds the tarballs and re-imports both images.
set -euo pipefail

cache_dir=${BASE_IMAGE_CACHE:-/var/cache/portfolio-images}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
force=false
[ "${1:-}" = "--force" ] && force=true

# The same suites as Debian's official images, so that security fixes reach our images too.
sources=(
  "deb $mirror bookworm main"
  "deb $mirror bookworm-updates main"
  "deb $security_mirror bookworm-security main"
)

# What the slim variant leaves out, as Debian's own slim images do. The options stay in the image
# (/etc/dpkg/dpkg.cfg.d/99mmdebstrap), so packages installed later in a Dockerfile shed the same files.
slim_options=(
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/share/lintian/*'
  --dpkgopt='path-exclude=/usr/share/linda/*'
  --dpkgopt='path-exclude=/usr/share/groff/*'
)

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Bootstraps one minimal Debian root into a tarball, unless the cache already holds it.
make_rootfs() {
  local tarball=$1
  shift
  if [ -s "$tarball" ] && [ "$force" = false ]; then
    echo "==> reusing cached $tarball" >&2
    return 0
  fi
  echo "==> bootstrapping $tarball (about a minute and a half)" >&2
  mkdir -p "$cache_dir"
  # Written under a temporary name first so that an interrupted run never leaves a truncated cache.
  mmdebstrap --variant=minbase --quiet \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --aptopt='Acquire::Retries "3"' \
    "$@" bookworm "$tarball.partial.tar" "${sources[@]}"
  mv "$tarball.partial.tar" "$tarball"
}

import_image() {
  local tag=$1 tarball=$2
  echo "==> importing $tag" >&2
  docker import \
    --change 'CMD ["bash"]' \
    --change 'ENV LANG=C.UTF-8' \
    --message "Debian bookworm minbase made with mmdebstrap" \
    "$tarball" "$tag" >/dev/null
}

build_one() {
  local tag=$1 tarball=$2
  shift 2
  if image_exists "$tag" && [ "$force" = false ]; then
    echo "==> $tag already present" >&2
    return 0
  fi
  make_rootfs "$tarball" "$@"
  import_image "$tag" "$tarball"
}

command -v mmdebstrap >/dev/null || { echo "mmdebstrap is required (apt-get install mmdebstrap)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "the Docker engine is not reachable" >&2; exit 1; }

build_one debian:bookworm-slim "$cache_dir/debian-bookworm-slim.tar" "${slim_options[@]}"
build_one debian:bookworm "$cache_dir/debian-bookworm.tar"
docker image ls debian --format '{{.Repository}}:{{.Tag}} {{.Size}}' >&2
