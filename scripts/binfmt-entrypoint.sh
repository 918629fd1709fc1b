#!/bin/sh
# Entrypoint of the local stand-in for the tonistiigi/binfmt installer image (busybox sh; assembled by
# scripts/buildkit-images.sh). Same command line and output as the original, so setup-qemu-action's
#   docker run --privileged --rm IMAGE --install arm64,riscv64   (or all)
#   docker run --privileged --rm IMAGE                           (JSON status on stdout)
# work unchanged: entries are named qemu-<cpu>, point to /usr/bin/qemu-<cpu> in this image and carry
# flags CF (F: the kernel opens the interpreter now, so it keeps working after the container is gone).
# Per-arch magic and mask: /etc/binfmt/<arch>, one line "<entry name> <magic>:<mask>".
# Like the original, failures are logged on stderr and the exit status stays 0.

mount=/proc/sys/fs/binfmt_misc
install=
uninstall=

log() { echo "$*" >&2; }
usage() {
  log "Usage of binfmt:"
  log "  -install string    architectures to install"
  log "  -mount string      binfmt_misc mount point (default \"/proc/sys/fs/binfmt_misc\")"
  log "  -uninstall string  architectures to uninstall"
  log "  -version           display version"
}

# Go's flag package: -name value, -name=value, one or two dashes, stops at the first non-flag.
while [ $# -gt 0 ]; do
  case "$1" in
    -install=* | --install=*) install=${1#*=} ;;
    -uninstall=* | --uninstall=*) uninstall=${1#*=} ;;
    -mount=* | --mount=*) mount=${1#*=} ;;
    -install | --install | -uninstall | --uninstall | -mount | --mount)
      [ $# -ge 2 ] || { log "flag needs an argument: $1"; usage; exit 2; }
      case "$1" in
        *-install) install=$2 ;;
        *-uninstall) uninstall=$2 ;;
        *) mount=$2 ;;
      esac
      shift ;;
    -version | --version | -version=true | --version=true)
      log "binfmt/local qemu/@QEMU_VERSION@ go/none"; exit 0 ;;
    -h | -help | --help) usage; exit 0 ;;
    --) shift; break ;;
    -*) f=${1#-}; f=${f#-}; log "flag provided but not defined: -${f%%=*}"; usage; exit 2 ;;
    *) break ;;
  esac
  shift
done

# What containerd's platforms.Parse makes of an arch or platform: its architecture, normalized.
arch_of() {
  a=${1#linux/}
  a=${a%%/*}
  case "$a" in
    aarch64) a=arm64 ;;
    x86_64 | x86-64) a=amd64 ;;
    i386 | i486 | i586 | i686) a=386 ;;
    armhf | armel | armv6l | armv7l | armv8l) a=arm ;;
  esac
  echo "$a"
}

# An enabled entry for that qemu name (also one of Debian's, which has the same names).
emulated() {
  for e in "$mount"/*"$1"; do
    [ -f "$e" ] || continue
    case "${e##*/}" in "$1" | *-"$1") head -n 1 "$e" | grep -q '^enabled' && return 0 ;; esac
  done
  return 1
}

# archutil.SupportedPlatforms on amd64: native, its variants, 386, then what emulators run, in its order.
supported() {
  echo linux/amd64
  flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  has() { for f in "$@"; do case "$flags" in *" $f "*) ;; *) return 1 ;; esac; done; }
  if has cx16 lahf_lm popcnt pni sse4_1 sse4_2 ssse3; then
    echo linux/amd64/v2
    if has avx avx2 bmi1 bmi2 f16c fma abm movbe xsave; then
      echo linux/amd64/v3
      has avx512f avx512bw avx512cd avx512dq avx512vl && echo linux/amd64/v4
    fi
  fi
  emulated qemu-aarch64 && echo linux/arm64
  emulated qemu-riscv64 && echo linux/riscv64
  emulated qemu-ppc64 && echo linux/ppc64
  emulated qemu-ppc64le && echo linux/ppc64le
  emulated qemu-s390x && echo linux/s390x
  echo linux/386
  emulated qemu-mips64el && echo linux/mips64le
  emulated qemu-mips64 && echo linux/mips64
  emulated qemu-loongarch64 && echo linux/loong64
  emulated qemu-arm && printf 'linux/arm/v7\nlinux/arm/v6\n'
}

json_list() {
  [ -n "$1" ] || { printf 'null'; return; }
  printf '[\n'
  echo "$1" | sed 's/.*/    "&"/; $!s/$/,/'
  printf '  ]'
}

status() {
  emulators=
  for e in "$mount"/*; do
    n=${e##*/}
    case "$n" in register | status) continue ;; esac
    head -n 1 "$e" 2>/dev/null | grep -q '^enabled' && emulators="$emulators$n
"
  done
  printf '{\n  "supported": %s,\n  "emulators": %s\n}\n' "$(json_list "$(supported)")" "$(json_list "${emulators%
}")"
}

install_one() {
  conf=/etc/binfmt/$1
  [ -f "$conf" ] || { echo "unsupported architecture: $1"; return 1; }
  read -r name spec < "$conf"
  case "${QEMU_BINARY_PREFIX:-}" in */*)
    echo "binary prefix must not contain path separator (Hint: set \$QEMU_BINARY_PATH to specify the directory)"
    return 1 ;;
  esac
  name=${QEMU_BINARY_PREFIX:-}$name
  path=${QEMU_BINARY_PATH:-/usr/bin}/$name
  flags=CF
  [ -n "${QEMU_PRESERVE_ARGV0:-}" ] && flags=CFP
  register=$mount/register
  [ -e "$register" ] || { echo "ENOENT opening $register is it mounted?"; return 1; }
  # ash's echo leaves the \x escapes of magic and mask to the kernel, and (unlike its printf) reports
  # a failed write, such as EEXIST for a name already registered.
  if ! err=$( { echo -n ":$name:M:0:$spec:$path:$flags" > "$register"; } 2>&1); then
    case "$err" in
      *"File exists"*) echo "$name already registered" ;;
      *) echo "cannot register \"$path\" to $register: ${err##*: }" ;;
    esac
    return 1
  fi
}

uninstall_one() {
  for e in "$mount"/*; do
    n=${e##*/}
    case "$n" in register | status | WSLInterop) continue ;; esac
    case "$n" in "$1" | *-"$1") echo -1 2>/dev/null > "$e" || { echo "cannot write $e"; return 1; }; return 0 ;; esac
  done
  echo "not found"
  return 1
}

if [ ! -e "$mount/status" ]; then
  mount -t binfmt_misc binfmt_misc "$mount" 2>/dev/null || {
    log "error: cannot mount binfmt_misc filesystem at $mount: operation not permitted"; exit 0
  }
  trap 'umount "$mount" 2>/dev/null' EXIT
fi

# --uninstall: an arch names its qemu entry (arm64 → *-aarch64); anything else is an entry name or glob.
IFS=,
for v in $uninstall; do
  unset IFS
  a=$(arch_of "$v")
  [ -f "/etc/binfmt/$a" ] && { read -r q _ < "/etc/binfmt/$a"; v=${q#qemu-}; }
  names=
  for e in "$mount"/$v; do [ -e "$e" ] && names="$names ${e##*/}"; done
  for n in ${names:-$v}; do
    if msg=$(uninstall_one "$n"); then log "uninstalling: $n OK"; else log "uninstalling: $n $msg"; fi
  done
  IFS=,
done
unset IFS

# --install all: every arch this image has an interpreter for that the host cannot run yet.
if [ "$install" = all ]; then
  have=" $(supported | sed 's|^linux/||; s|/.*||' | tr '\n' ' ') "
  install=
  for f in /etc/binfmt/*; do
    a=${f##*/}
    read -r q _ < "$f"
    case "$have" in *" $a "*) continue ;; esac
    [ -x "${QEMU_BINARY_PATH:-/usr/bin}/${QEMU_BINARY_PREFIX:-}$q" ] && install="$install${install:+,}$a"
  done
fi
IFS=,
for v in $install; do
  unset IFS
  a=$(arch_of "$v")
  if msg=$(install_one "$a"); then log "installing: $a OK"; else log "installing: $a $msg"; fi
  IFS=,
done
unset IFS

status
