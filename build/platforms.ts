// Which `--platform` values name a real platform. buildx parses them with containerd's platforms.Parse,
// which takes any `os/arch[/variant]` it can normalise, so `linux/notanarch` is accepted and "built".
// Here a platform must have an OS and an architecture Go knows (containerd's knownOS / knownArch, after
// its normalisation: x86_64, aarch64, armhf, i386 …), and a variant the architecture has (the arch
// table's arm/v5–v8, arm64 v8/v9, amd64 v1–v4), so a typo fails before the build instead of after it.
import { normalizePlatform } from '../lib/arch.js'

const OS = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos'.split(
    ' '
  )
)
const ARCH = new Set(
  '386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm'.split(
    ' '
  )
)
// After normalisation: arm64 v8 and amd64 v1 are dropped, arm without variant is v7.
const VARIANTS: Record<string, RegExp> = {
  amd64: /^v[2-4]$/,
  arm: /^v[5-8]$/,
  arm64: /^v(8\.[1-9]|9(\.\d)?)$/
}
const ALIASES: Record<string, string> = { armhf: 'arm/v7', armel: 'arm/v6', i386: '386' }

export const ACCEPTED_PLATFORMS =
  'os/arch[/variant] that buildx knows, such as linux/amd64, linux/arm64, linux/arm/v7, linux/riscv64, windows/amd64 (or local)'

/** True when buildx would build the platform as the platform it names. */
export function knownPlatform(value: string): boolean {
  const v = value.trim().toLowerCase()
  if (v === 'local') return true
  const parts = v.split('/')
  if (parts.some(p => !/^[a-z0-9_.-]+$/.test(p))) return false
  // One part: an OS (the host's arch) or an arch (linux); two: os/arch; three: os/arch/variant.
  if (parts.length === 1) return OS.has(parts[0]) || known('linux', parts[0])
  if (parts.length === 2) return known(parts[0], parts[1])
  if (parts.length === 3) return known(parts[0], parts[1], parts[2])
  return false
}

function known(os: string, arch: string, variant?: string): boolean {
  const [a, aliasVariant] = (ALIASES[arch] ?? arch).split('/')
  if (aliasVariant && variant) return false
  const p = normalizePlatform({ os, architecture: a, variant: variant ?? aliasVariant })
  if (!OS.has(p.os) || !ARCH.has(p.architecture)) return false
  if (p.variant === undefined) return true
  const allowed = VARIANTS[p.architecture]
  return allowed ? allowed.test(p.variant) : /^[a-z0-9._-]+$/.test(p.variant)
}
