#!/usr/bin/env bash
# BuildKit daemons and the images that stand in for moby/buildkit and tonistiigi/binfmt in the e2e
# environment (DESIGN.md §7): no Docker Hub here, so both are assembled from the Go module proxy and
# Debian packages, then `docker import`ed and pushed to a suite's loopback registry.
#
#   scripts/buildkit-images.sh binaries       build buildkitd + buildctl at both pinned versions (cached)
#   scripts/buildkit-images.sh push PORT      import + push the images to localhost:PORT if missing
#                                             (uses the engine in DOCKER_HOST)
#   scripts/buildkit-images.sh env PORT       print the export lines for a suite's env file
#
# Cache: $E2E_ROOT/buildkit/<version>/bin (binaries), $E2E_ROOT/buildkit/*-<recipe>.tar (image rootfs).
set -euo pipefail

# OLD: a BuildKit of Docker 26.1's generation (it vendors 0.13), the oldest engine the suite supports;
# it speaks only the gha cache service v1 (v2 needs >= 0.20). NEW: the newest one the proxy has that
# builds with the machine's Go (its go.mod asks for go 1.26.8).
BUILDKIT_OLD=v0.14.1
BUILDKIT_NEW=v0.34.2

here=$(cd "$(dirname "$0")" && pwd)
cache=${E2E_ROOT:-/var/tmp/bx-e2e}/buildkit
log() { echo "buildkit-images: $*" >&2; }

bin_dir() { echo "$cache/$1/bin"; }

# The images' recipe: these scripts and the Debian packages copied in. A new recipe rebuilds the
# rootfs tars and pushes again; the Go binaries depend on the version alone.
recipe() {
  { cat "$here/buildkit-images.sh" "$here/binfmt-entrypoint.sh"
    dpkg-query -W -f='${Version}\n' runc qemu-user-static busybox-static; } | sha256sum | cut -c1-12
}

# go install refuses modules whose go.mod has exclude directives (the new ones do), so build inside a
# writable copy of the module instead. The module zip carries only vendor/modules.txt, not the vendored
# sources: drop it and resolve from the proxy (-mod=mod).
build_one() {
  local v=$1 out; out=$(bin_dir "$v")
  local t0=$SECONDS dir src=$cache/$v/src
  # auto: a go.mod asking for a newer Go than the machine's fetches that toolchain from the proxy.
  export GOTOOLCHAIN=auto GOFLAGS=-mod=mod CGO_ENABLED=0
  dir=$(go mod download -json "github.com/moby/buildkit@$v" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { log "$v: the module proxy gave no source"; return 1; }
  rm -rf "$src" "$out.tmp"; mkdir -p "$cache/$v"
  cp -r "$dir" "$src"; chmod -R u+w "$src"; rm -rf "$src/vendor"
  # The version string is what buildx inspect and the actions read (BuildKit version: vX.Y.Z).
  (cd "$src" && go build -trimpath -o "$out.tmp/" \
    -ldflags "-s -w -X github.com/moby/buildkit/version.Version=$v" ./cmd/buildkitd ./cmd/buildctl)
  mv "$out.tmp" "$out"; rm -rf "$src"
  log "$v: built in $((SECONDS - t0))s, $(du -sh "$out" | cut -f1)"
}

# One after the other: go build already keeps both cores busy; building both at once took as long
# (287 s against 291 s from empty Go caches) for a third more CPU time.
binaries() {
  local v
  for v in "$BUILDKIT_OLD" "$BUILDKIT_NEW"; do
    [ -x "$(bin_dir "$v")/buildkitd" ] && [ -x "$(bin_dir "$v")/buildctl" ] && continue
    build_one "$v" > "$cache/build-$v.log" 2>&1 || { log "$v failed:"; tail -n 20 "$cache/build-$v.log" >&2; return 1; }
    grep -h 'built in' "$cache/build-$v.log" >&2 || true
  done
}

# A minimal rootfs: busybox-static with its applets, /etc/passwd, and the given extra files.
base_rootfs() {
  local r=$1
  rm -rf "$r"; mkdir -p "$r/bin" "$r/usr/bin" "$r/etc" "$r/root" "$r/tmp" "$r/run" "$r/var/tmp"
  chmod 1777 "$r/tmp" "$r/var/tmp"
  cp /bin/busybox "$r/bin/busybox"
  for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -sf busybox "$r/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$r/etc/passwd"
  printf 'root:x:0:\n' > "$r/etc/group"
}

# moby/buildkit as buildx's docker-container driver uses it: ENTRYPOINT buildkitd, config at
# /etc/buildkit/buildkitd.toml (buildx copies it in), state in the /var/lib/buildkit volume, and
# buildctl on PATH (buildx waits for the daemon with `buildctl debug workers`).
buildkit_rootfs() {
  local v=$1 tar=$2
  [ -f "$tar" ] && return
  local r=$cache/rootfs-$v
  base_rootfs "$r"
  mkdir -p "$r/etc/buildkit" "$r/var/lib/buildkit" "$r/etc/cdi" "$r/var/run/cdi"
  cp "$(bin_dir "$v")/buildkitd" "$(bin_dir "$v")/buildctl" "$r/usr/bin/"
  # Debian's runc is dynamically linked (libseccomp, glibc): bring the libraries ldd names along.
  cp /usr/sbin/runc "$r/usr/bin/buildkit-runc"; ln -s buildkit-runc "$r/usr/bin/runc"
  local lib
  for lib in $(ldd /usr/sbin/runc | grep -o '/[^ ]*'); do
    mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"
  done
  tar -C "$r" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
  rm -rf "$r"
}

# tonistiigi/binfmt's command line, with qemu-user-static's interpreters (bookworm) at the paths it
# registers (/usr/bin/qemu-<name>). Magic and mask come from Debian's binfmt.d files; Debian ships none
# for the host's own family (x86_64, i386), so those two are qemu's upstream values.
binfmt_rootfs() {
  local tar=$1
  [ -f "$tar" ] && return
  local r=$cache/rootfs-binfmt
  base_rootfs "$r"
  mkdir -p "$r/etc/binfmt"
  local arch name conf line
  while read -r arch name; do
    [ -x "/usr/bin/$name-static" ] || continue
    conf=/usr/lib/binfmt.d/$name.conf
    case "$name" in
      qemu-x86_64) line='\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' ;;
      qemu-i386) line='\x7f\x45\x4c\x46\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' ;;
      *) [ -f "$conf" ] || continue; line=$(grep -v '^#' "$conf" | cut -d: -f5,6) ;;
    esac
    cp "/usr/bin/$name-static" "$r/usr/bin/$name"
    # One file per arch: "<entry name> <magic>:<mask>", read by the entrypoint.
    printf '%s %s\n' "$name" "$line" > "$r/etc/binfmt/$arch"
  done <<'ARCHES'
amd64 qemu-x86_64
arm64 qemu-aarch64
arm qemu-arm
s390x qemu-s390x
ppc64le qemu-ppc64le
riscv64 qemu-riscv64
386 qemu-i386
mips64le qemu-mips64el
mips64 qemu-mips64
loong64 qemu-loongarch64
ARCHES
  local qemu; qemu=$(dpkg-query -W -f='${Version}' qemu-user-static | sed -E 's/^[0-9]+://; s/[+~-].*//')
  sed "s/@QEMU_VERSION@/$qemu/" "$here/binfmt-entrypoint.sh" > "$r/usr/bin/binfmt"
  chmod 755 "$r/usr/bin/binfmt"
  tar -C "$r" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
  rm -rf "$r"
}

# Import + push REPO:TAG to localhost:PORT unless the registry has it from this recipe already
# (a stamp per registry and image says which recipe was pushed last).
push_image() {
  local port=$1 repo=$2 tag=$3 tar=$4; shift 4
  local ref=localhost:$port/$repo:$tag stamp=$cache/pushed/$port-${repo//\//-}-$tag
  if [ "$(cat "$stamp" 2>/dev/null)" = "$recipe" ] &&
    curl -fs -o /dev/null "http://127.0.0.1:$port/v2/$repo/manifests/$tag" \
      -H 'Accept: application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'; then
    return
  fi
  log "pushing $ref"
  local change=() c
  for c in "$@"; do change+=(-c "$c"); done
  docker import --platform linux/amd64 "${change[@]}" "$tar" "$ref" >/dev/null
  docker push -q "$ref" >/dev/null
  mkdir -p "$cache/pushed"; echo "$recipe" > "$stamp"
}

push() {
  local port=$1 v
  recipe=$(recipe)
  # Tars of an older recipe are of no more use.
  find "$cache" -maxdepth 1 -name '*.tar' ! -name "*-$recipe.tar" -delete
  binfmt_rootfs "$cache/binfmt-$recipe.tar"
  push_image "$port" tonistiigi/binfmt latest "$cache/binfmt-$recipe.tar" \
    'ENTRYPOINT ["/usr/bin/binfmt"]' 'VOLUME /tmp' 'ENV PATH=/usr/bin:/bin'
  for v in "$BUILDKIT_OLD" "$BUILDKIT_NEW"; do
    [ -x "$(bin_dir "$v")/buildkitd" ] || binaries
    buildkit_rootfs "$v" "$cache/buildkit-$v-$recipe.tar"
    push_image "$port" moby/buildkit "$v" "$cache/buildkit-$v-$recipe.tar" \
      'ENTRYPOINT ["buildkitd"]' 'VOLUME /var/lib/buildkit' \
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'ENV BUILDKIT_SETUP_CGROUPV2_ROOT=1'
  done
}

env_lines() {
  local port=$1
  cat <<ENV
export E2E_BUILDKIT_OLD="$BUILDKIT_OLD"
export E2E_BUILDKIT_NEW="$BUILDKIT_NEW"
export E2E_BUILDKIT_IMAGE_OLD="localhost:$port/moby/buildkit:$BUILDKIT_OLD"
export E2E_BUILDKIT_IMAGE_NEW="localhost:$port/moby/buildkit:$BUILDKIT_NEW"
export E2E_BUILDKIT_BIN_OLD="$(bin_dir "$BUILDKIT_OLD")"
export E2E_BUILDKIT_BIN_NEW="$(bin_dir "$BUILDKIT_NEW")"
export E2E_BINFMT_IMAGE="localhost:$port/tonistiigi/binfmt:latest"
ENV
}

# Two `up`s at once (two suites) share the cache: one builds, the other waits for it.
lock() { mkdir -p "$cache"; exec 9>"$cache/lock"; flock 9; }

case "${1:-}" in
  binaries) lock; binaries ;;
  push) [ -n "${2:-}" ] || { echo "usage: $0 push PORT" >&2; exit 2; }; lock; push "$2" ;;
  env) [ -n "${2:-}" ] || { echo "usage: $0 env PORT" >&2; exit 2; }; env_lines "$2" ;;
  *) echo "usage: $0 binaries | push PORT | env PORT" >&2; exit 2 ;;
esac
