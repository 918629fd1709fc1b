#!/usr/bin/env bash
# Debian's chromium for the rendering test (__tests__/build/summary/render.test.ts): installed with apt
# when /usr/bin/chromium is missing; idempotent. Prints the browser's version.
#
#   scripts/chromium.sh
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "chromium.sh: /usr/bin/chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
/usr/bin/chromium --version
