#!/usr/bin/env bash
# The end-to-end environment: a Docker engine + buildx from a newer Debian suite, unpacked into a
# private prefix (never installed system-wide), and an OCI registry on 127.0.0.1, as DESIGN.md §7 says.
# Each registry also gets the local moby/buildkit and tonistiigi/binfmt stand-ins (buildkit-images.sh).
#
#   scripts/e2e-env.sh up [trixie|sid|runner|sid-buildx]     install if needed, start, seed images; idempotent
#   scripts/e2e-env.sh down [trixie|sid|runner|sid-buildx]   stop what `up` started (by pid file)
#   scripts/e2e-env.sh env [trixie|sid|runner|sid-buildx]    print the environment file (source it to use the engine)
#
# runner is set up like a GitHub-hosted runner's engine: sid's packages (the same prefix) with the
# classic image store, no containerd snapshotter, so setup-builder's driver: auto picks docker-container.
# sid-buildx is sid's engine and registry with the newest buildx (v0.38, built from the Go module proxy by
# scripts/tools.sh) in a docker config of its own; its docker-container builders run BuildKit v0.34.
#
# Root: $E2E_ROOT (default /var/tmp/bx-e2e)/<suite>. Registry port: $E2E_REGISTRY_PORT (default 5555
# for trixie, 5556 for sid, 5557 for runner), so the engines can run side by side.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:-up}
suite=${2:-${E2E_SUITE:-trixie}}
case "$suite" in
  trixie) default_port=5555 debian=trixie snapshotter=true ;;
  sid) default_port=5556 debian=sid snapshotter=true ;;
  runner) default_port=5557 debian=sid snapshotter=false ;;
  sid-buildx) ;;
  *) echo "e2e-env: suite must be trixie, sid, runner or sid-buildx, got '$suite'" >&2; exit 2 ;;
esac

# sid-buildx: up starts sid (idempotent) and writes sid's environment with its own docker config, whose
# buildx plugin is the one scripts/tools.sh built; down leaves sid's engine to `down sid`.
if [ "$suite" = sid-buildx ]; then
  root=${E2E_ROOT:-/var/tmp/bx-e2e}/sid-buildx
  case "$cmd" in
    up)
      "$0" up sid
      "$here/tools.sh" buildx
      mkdir -p "$root/docker-config/cli-plugins"
      ln -sf "$(cd "$here/.." && pwd)/.build/buildx/docker-buildx" "$root/docker-config/cli-plugins/docker-buildx"
      "$0" env sid | sed -e "s|^export DOCKER_CONFIG=.*|export DOCKER_CONFIG=\"$root/docker-config\"|" \
        -e 's|^export E2E_SUITE=.*|export E2E_SUITE="sid-buildx"|' > "$root/env.tmp"
      mv "$root/env.tmp" "$root/env"
      echo "e2e-env[sid-buildx]: ready: buildx $(DOCKER_CONFIG=$root/docker-config "$(cd "$here/.." && pwd)/.build/buildx/docker-buildx" version | awk '{print $2}') on sid's engine — source $root/env" >&2
      ;;
    down) ;;
    env) [ -f "$root/env" ] || { echo "e2e-env[sid-buildx]: not set up: run $0 up sid-buildx" >&2; exit 1; }; cat "$root/env" ;;
    *) echo "usage: $0 up|down|env [trixie|sid|runner|sid-buildx]" >&2; exit 2 ;;
  esac
  exit 0
fi
root=${E2E_ROOT:-/var/tmp/bx-e2e}/$suite
port=${E2E_REGISTRY_PORT:-$default_port}
# The packages are per Debian suite: runner shares sid's unpacked prefix (never modified once made).
pkgroot=${E2E_ROOT:-/var/tmp/bx-e2e}/$debian
prefix=$pkgroot/prefix
run=$root/run
sock=$run/docker.sock
envfile=$root/env
log() { echo "e2e-env[$suite]: $*" >&2; }
# Seconds per phase of `up`, so a slow step shows in CI's log.
phase_t=$SECONDS
phase() { log "$1: $((SECONDS - phase_t))s"; phase_t=$SECONDS; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_host_packages() {
  local need=()
  for p in runc tini iptables docker-registry qemu-user-static busybox-static curl openssl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return
  log "installing from the system's suite: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# docker.io, docker-buildx and containerd come from $debian through a private apt configuration (own
# sources and lists), unpacked with dpkg -x: the system's packages are never upgraded.
install_engine() {
  [ -x "$prefix/usr/sbin/dockerd" ] && [ -x "$prefix/usr/libexec/docker/cli-plugins/docker-buildx" ] && return
  local apt=$pkgroot/apt
  mkdir -p "$apt/parts" "$apt/lists/partial" "$apt/debs"
  # The first stanza of the system's sources (not the security one), with the suite swapped.
  awk 'BEGIN{RS="";ORS="\n\n"} NR==1' /etc/apt/sources.list.d/debian.sources |
    sed -E "s/^Suites:.*/Suites: $debian/" > "$apt/parts/$debian.sources"
  local opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt/parts"
    -o "Dir::State::Lists=$apt/lists" -o APT::Architectures::=amd64 -o APT::Architectures::=arm64
    -o APT::Sandbox::User=root)
  log "fetching docker.io docker-buildx containerd busybox-static:arm64 from $debian"
  apt-get "${opts[@]}" update -qq
  (cd "$apt/debs" && apt-get "${opts[@]}" download -qq docker.io docker-buildx containerd busybox-static:arm64)
  rm -rf "$prefix"; mkdir -p "$prefix"
  for deb in "$apt"/debs/docker.io_*.deb "$apt"/debs/docker-buildx_*.deb "$apt"/debs/containerd_*.deb; do
    dpkg -x "$deb" "$prefix"
  done
  mkdir -p "$pkgroot/arm64"; dpkg -x "$apt"/debs/busybox-static_*_arm64.deb "$pkgroot/arm64"
  rm -rf "$apt/lists" "$apt/debs"
}

write_env() {
  mkdir -p "$root/docker-config/cli-plugins"
  ln -sf /usr/bin/tini-static "$prefix/usr/bin/docker-init"  # the init dockerd looks for
  ln -sf "$prefix/usr/libexec/docker/cli-plugins/docker-buildx" "$root/docker-config/cli-plugins/docker-buildx"
  # Written aside and renamed: tests may be reading the file while another `up` runs.
  cat > "$envfile.tmp" <<ENV
export PATH="$prefix/usr/bin:$prefix/usr/sbin:\$PATH"
export DOCKER_HOST="unix://$sock"
export DOCKER_CONFIG="$root/docker-config"
export E2E_SUITE="$suite"
export E2E_REGISTRY="localhost:$port"
export E2E_REGISTRY_LOG="$run/registry.log"
export E2E_BASE_IMAGE="localhost:$port/busybox:latest"
ENV
  "$here/buildkit-images.sh" env "$port" >> "$envfile.tmp"
  mv "$envfile.tmp" "$envfile"
}

start_registry() {
  pid_alive "$run/registry.pid" && return
  mkdir -p "$root/registry"
  cat > "$root/registry.yml" <<YML
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $root/registry }
  delete: { enabled: true }
http: { addr: 127.0.0.1:$port }
YML
  log "starting the registry on 127.0.0.1:$port"
  nohup docker-registry serve "$root/registry.yml" >"$run/registry.log" 2>&1 &
  echo $! > "$run/registry.pid"
}

start_engine() {
  if pid_alive "$run/dockerd.pid"; then return; fi
  # runner's containers get a bridge of their own, so their addresses never clash with the docker0
  # containers of another engine on this machine.
  local bridge=
  if [ "$suite" = runner ]; then
    ip link show bx-runner0 >/dev/null 2>&1 || {
      ip link add bx-runner0 type bridge && ip addr add 172.29.0.1/24 dev bx-runner0; }
    ip link set bx-runner0 up
    bridge='"bridge": "bx-runner0",'
  fi
  cat > "$root/daemon.json" <<JSON
{
  "features": { "containerd-snapshotter": $snapshotter },${bridge:+
  $bridge}
  "data-root": "$root/data",
  "exec-root": "$run/exec",
  "pidfile": "$run/dockerd.pid",
  "hosts": ["unix://$sock"],
  "iptables": true,
  "ip6tables": false,
  "insecure-registries": ["localhost:$port", "127.0.0.1:$port"]
}
JSON
  log "starting dockerd ($("$prefix/usr/sbin/dockerd" --version))"
  # dockerd starts its own containerd from PATH: the one unpacked from $debian.
  PATH="$prefix/usr/bin:$prefix/usr/sbin:$PATH" nohup "$prefix/usr/sbin/dockerd" \
    --config-file "$root/daemon.json" >"$run/dockerd.log" 2>&1 &
  echo $! > "$run/dockerd.started"   # dockerd writes dockerd.pid itself once it runs
}

wait_ready() {
  for _ in $(seq 1 120); do
    if docker info >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then return; fi
    sleep 0.5
  done
  log "engine or registry did not come up; logs in $run"; tail -n 20 "$run/dockerd.log" "$run/registry.log" >&2; exit 1
}

# binfmt_misc entries for qemu-user-static's static interpreters (flag F), so foreign arches run.
register_binfmt() {
  local mnt=/proc/sys/fs/binfmt_misc
  [ -f "$mnt/register" ] || mount -t binfmt_misc binfmt_misc "$mnt" 2>/dev/null || { log "binfmt_misc unavailable: no emulation"; return; }
  for conf in /usr/lib/binfmt.d/qemu-aarch64.conf /usr/lib/binfmt.d/qemu-arm.conf; do
    [ -f "$conf" ] || continue
    local name; name=$(cut -d: -f2 "$conf")
    [ -e "$mnt/$name" ] || grep -v '^#' "$conf" > "$mnt/register" 2>/dev/null || log "could not register $name"
  done
}

# busybox-static rootfs per arch → docker import → local registry, combined into one multi-arch tag.
seed_images() {
  local image=localhost:$port/busybox
  if curl -fs -o /dev/null "http://127.0.0.1:$port/v2/busybox/manifests/latest" \
      -H 'Accept: application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json'; then
    return
  fi
  log "seeding $image:latest (linux/amd64 + linux/arm64)"
  local arch bin
  for arch in amd64 arm64; do
    bin=/bin/busybox; [ "$arch" = arm64 ] && bin=$pkgroot/arm64/usr/bin/busybox
    local rootfs=$root/rootfs-$arch
    rm -rf "$rootfs"; mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root"
    cp "$bin" "$rootfs/bin/busybox"
    # The applet list comes from the host's busybox: both packages are the same release family.
    for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"; done
    printf 'root:x:0:0:root:/root:/bin/sh\n' > "$rootfs/etc/passwd"
    printf 'root:x:0:\n' > "$rootfs/etc/group"
    tar -C "$rootfs" -c . | docker import --platform "linux/$arch" -c 'CMD ["/bin/sh"]' - "$image:$arch" >/dev/null
    docker push -q "$image:$arch" >/dev/null
  done
  docker buildx imagetools create -t "$image:latest" "$image:amd64" "$image:arm64" >/dev/null 2>&1
}

case "$cmd" in
  up)
    mkdir -p "$run"
    install_host_packages; phase "host packages"
    # BuildKit compiles (CPU) while the engine is fetched (network) and started; instant once cached.
    "$here/buildkit-images.sh" binaries > "$run/buildkit-binaries.log" 2>&1 &
    buildkit=$!
    install_engine; phase "engine packages"
    write_env
    # shellcheck disable=SC1090
    . "$envfile"
    start_registry
    start_engine
    wait_ready; phase "engine start"
    register_binfmt
    seed_images; phase "base images"
    wait "$buildkit" || { log "building BuildKit failed:"; tail -n 30 "$run/buildkit-binaries.log" >&2; exit 1; }
    cat "$run/buildkit-binaries.log" >&2; phase "BuildKit binaries"
    "$here/buildkit-images.sh" push "$port"; phase "BuildKit and binfmt images"
    log "ready: $(docker version -f '{{.Server.Version}}') / buildx $(docker buildx version | awk '{print $2}') — source $envfile"
    ;;
  down)
    for p in dockerd registry; do
      if pid_alive "$run/$p.pid"; then kill "$(cat "$run/$p.pid")"; fi
    done
    for _ in $(seq 1 40); do pid_alive "$run/dockerd.pid" || break; sleep 0.25; done
    # dockerd may leave its default network namespace mounted: release it, so the root can be deleted.
    if ! pid_alive "$run/dockerd.pid"; then
      for m in $(awk -v d="$run/exec/netns/" 'index($2, d) == 1 { print $2 }' /proc/mounts); do umount "$m" || true; done
    fi
    rm -f "$run/registry.pid"
    log "stopped"
    ;;
  env) [ -f "$envfile" ] || { log "not set up: run $0 up $suite"; exit 1; }; cat "$envfile" ;;
  *) echo "usage: $0 up|down|env [trixie|sid|runner]" >&2; exit 2 ;;
esac
