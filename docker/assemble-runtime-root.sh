#!/usr/bin/env bash
# Lays out the root filesystem of the runtime image: the given executables, exactly the shared
# libraries they load (found with ldd, so a new dependency of the service needs no edit here), CA
# certificates for HTTPS to AWS, an unprivileged user, and the dpkg records and copyright files of
# every Debian package a file came from (image scanners such as ECR's read those records).
# The result is copied onto an empty image, which keeps the runtime image far below the 75 MB of
# debian:bookworm-slim and leaves no shell, package manager or curl inside it.
#
# Usage: assemble-runtime-root.sh ROOT EXECUTABLE...   (run inside the build stage, as root)
set -euo pipefail

root=$1
shift
app_uid=${APP_UID:-10001}

declare -A packages=()

# Remembers the Debian package that owns a file (dpkg knows some libraries by their /lib path only,
# as merged /usr came after them).
note_package() {
  local path=$1 owner
  owner=$(dpkg-query -S "$path" 2>/dev/null | head -n1 | cut -d: -f1) ||
    owner=$(dpkg-query -S "${path#/usr}" 2>/dev/null | head -n1 | cut -d: -f1) || true
  [ -n "$owner" ] && packages[$owner]=1
  return 0
}

# Copies a file under ROOT at its real location, and recreates the name it was reached by (a soname
# link such as libstdc++.so.6, or the interpreter's /lib64 path) as a link to it.
copy_file() {
  local wanted=$1 real dir
  real=$(readlink -f "$wanted")
  mkdir -p "$root$(dirname "$real")"
  cp -p "$real" "$root$real"
  dir=$(readlink -f "$(dirname "$wanted")")
  if [ "$dir/$(basename "$wanted")" != "$real" ]; then
    mkdir -p "$root$dir"
    ln -sf "$real" "$root$dir/$(basename "$wanted")"
  fi
  note_package "$real"
}

# The shared objects an executable needs, its ELF interpreter included, as absolute paths.
needed_libraries() {
  ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u
}

mkdir -p "$root"/{etc,tmp,data,app,usr/lib,usr/lib64,usr/bin,usr/sbin,var/lib/dpkg/status.d}
# Merged /usr, as in the Debian image the libraries come from.
for dir in bin sbin lib lib64; do
  [ -e "$root/$dir" ] || ln -s "usr/$dir" "$root/$dir"
done

for executable in "$@"; do
  for library in $(needed_libraries "$executable"); do
    copy_file "$library"
  done
done

copy_file /etc/ssl/certs/ca-certificates.crt
packages[ca-certificates]=1
# OpenSSL's default verify paths, linked as Debian links them.
mkdir -p "$root/usr/lib/ssl"
ln -sf /etc/ssl/certs/ca-certificates.crt "$root/usr/lib/ssl/cert.pem"
ln -sf /etc/ssl/certs "$root/usr/lib/ssl/certs"
cp /etc/os-release "$root/etc/os-release" 2>/dev/null || cp /usr/lib/os-release "$root/etc/os-release"

cat >"$root/etc/passwd" <<EOF
root:x:0:0:root:/root:/usr/sbin/nologin
portfolio:x:$app_uid:$app_uid:portfolio-api:/nonexistent:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<EOF
root:x:0:
portfolio:x:$app_uid:
EOF
cat >"$root/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF

for package in "${!packages[@]}"; do
  dpkg-query -s "$package" >"$root/var/lib/dpkg/status.d/$package"
  if [ -f "/usr/share/doc/$package/copyright" ]; then
    mkdir -p "$root/usr/share/doc/$package"
    cp "/usr/share/doc/$package/copyright" "$root/usr/share/doc/$package/copyright"
  fi
done

# The service writes only to the data volume and /tmp; the root filesystem can be mounted read-only.
chown "$app_uid:$app_uid" "$root/data"
chmod 0750 "$root/data"
chmod 1777 "$root/tmp"
echo "runtime root: ${#packages[@]} Debian packages: ${!packages[*]}" >&2
