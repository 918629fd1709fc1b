// Architecture names: bashbrew's (amd64, arm64v8, …) and docker's (arm64, linux/arm/v7, aarch64, …) map to
// one entry of a fixed table, so a matrix leg, its cache scope, its tag suffix and the merge step all agree.
//
// Platform strings. `platform` is the full form from the design table (`linux/arm64/v8`); the slug is built
// from it (`linux-arm64-v8`). `buildPlatform` is what we pass to `--platform`: containerd's normalised form
// (`linux/arm64`, v8 dropped; `linux/arm/v7` kept), which is what buildx does with either spelling anyway and
// what BuildKit writes into the image index. An index written by other tools may say `arm64` with or
// without variant `v8`, so indexes are never compared as strings: use samePlatform().
import { InputError } from './errors.js'
import { parseList } from './inputs.js'

export interface Platform {
  os: string
  architecture: string
  variant?: string
}

export interface Arch extends Platform {
  /** bashbrew's name: `arm64v8` */
  bashbrew: string
  /** full OCI platform: `linux/arm64/v8` */
  platform: string
  /** what `--platform` gets (containerd-normalised): `linux/arm64` */
  buildPlatform: string
  /** for cache scopes, tags and cache keys: `linux-arm64-v8` */
  slug: string
}

export type Engine = 'buildkit' | 'classic'

const TABLE: readonly [string, string][] = [
  ['amd64', 'linux/amd64'],
  ['arm32v5', 'linux/arm/v5'],
  ['arm32v6', 'linux/arm/v6'],
  ['arm32v7', 'linux/arm/v7'],
  ['arm64v8', 'linux/arm64/v8'],
  ['i386', 'linux/386'],
  ['mips64le', 'linux/mips64le'],
  ['ppc64le', 'linux/ppc64le'],
  ['riscv64', 'linux/riscv64'],
  ['s390x', 'linux/s390x'],
  ['windows-amd64', 'windows/amd64']
]

export const ARCHES: readonly Arch[] = TABLE.map(([bashbrew, platform]) => {
  const [os, architecture, variant] = platform.split('/')
  const p: Platform = variant ? { os, architecture, variant } : { os, architecture }
  return {
    ...p,
    bashbrew,
    platform,
    buildPlatform: formatPlatform(normalizePlatform(p)),
    slug: platform.replace(/\//g, '-')
  }
})

// Spellings that are not `[os/]arch[/variant]`. `armel` is deliberately absent: Debian's armel is ARMv5
// (bashbrew arm32v5) but containerd reads it as arm/v6, so accepting it would build the wrong thing for
// someone.
const ALIASES: Record<string, string> = { armhf: 'linux/arm/v7' }

const KNOWN_OS = new Set(['linux', 'windows'])

export const ACCEPTED_ARCHES =
  ARCHES.map(a => a.bashbrew).join(' | ') +
  ', or a docker platform such as linux/arm64, arm/v7, aarch64, x86_64'

/** containerd's platforms.Normalize for the fields we use: lower case, x86_64→amd64, aarch64→arm64,
 * arm64 v8→no variant, arm without variant→v7, i386→386, armhf→arm/v7. */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase() === 'macos' ? 'darwin' : p.os.toLowerCase()
  let arch = p.architecture.toLowerCase()
  let variant = (p.variant ?? '').toLowerCase()
  switch (arch) {
    case 'i386':
      arch = '386'
      variant = ''
      break
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      arch = 'amd64'
      if (variant === 'v1') variant = ''
      break
    case 'aarch64':
    case 'arm64':
      arch = 'arm64'
      if (['8', 'v8', 'v8.0'].includes(variant)) variant = ''
      break
    case 'armhf':
      arch = 'arm'
      variant = 'v7'
      break
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7'
      else if (/^[5-8]$/.test(variant)) variant = `v${variant}`
      break
  }
  return variant ? { os, architecture: arch, variant } : { os, architecture: arch }
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/')
}

/** `linux/arm64/v8`, `arm64`, `arm/v7` → a Platform (os defaults to linux); undefined when malformed. */
export function splitPlatform(value: string): Platform | undefined {
  const parts = value.trim().toLowerCase().split('/')
  if (parts.some(p => p === '')) return undefined
  if (parts.length === 1) return { os: 'linux', architecture: parts[0] }
  if (parts.length === 2) {
    // `linux/arm64` is os/arch; `arm/v7` is arch/variant.
    return KNOWN_OS.has(parts[0])
      ? { os: parts[0], architecture: parts[1] }
      : { os: 'linux', architecture: parts[0], variant: parts[1] }
  }
  if (parts.length === 3) return { os: parts[0], architecture: parts[1], variant: parts[2] }
  return undefined
}

/** True when two platforms name the same thing after containerd normalisation (an index's arm64 manifest
 * with or without variant v8 is our arm64v8; arm without variant is arm/v7). Strings or objects. */
export function samePlatform(a: Platform | string, b: Platform | string): boolean {
  const pa = typeof a === 'string' ? splitPlatform(a) : a
  const pb = typeof b === 'string' ? splitPlatform(b) : b
  if (!pa || !pb) return false
  return formatPlatform(normalizePlatform(pa)) === formatPlatform(normalizePlatform(pb))
}

/** One arch name, bashbrew or docker spelling, case-insensitive. */
export function parseArch(value: string, inputName: string): Arch {
  const v = value.trim().toLowerCase()
  const byName = ARCHES.find(a => a.bashbrew === v)
  if (byName) return byName
  const p = splitPlatform(ALIASES[v] ?? v)
  const found = p && ARCHES.find(a => samePlatform(a, p))
  if (!found) throw new InputError(inputName, value, ACCEPTED_ARCHES)
  return found
}

/** A comma/newline list of arches; two spellings of one platform are an error (one leg would be lost). */
export function parseArchList(value: string, inputName: string): Arch[] {
  const out: Arch[] = []
  const given = new Map<string, string>()
  for (const item of parseList(value, true, inputName)) {
    const arch = parseArch(item, inputName)
    const earlier = given.get(arch.slug)
    if (earlier !== undefined) {
      const same =
        earlier === item ? `'${item}' twice` : `'${earlier}' and '${item}' are both ${arch.platform}`
      throw new InputError(inputName, value, `each arch once (${same})`)
    }
    given.set(arch.slug, item)
    out.push(arch)
  }
  return out
}

/** `s390x=classic,windows-amd64=classic` → Map<slug, engine>, like bashbrew's per-arch `Builder`. */
export function parseEngineOverrides(value: string, inputName: string): Map<string, Engine> {
  const out = new Map<string, Engine>()
  for (const item of parseList(value, true, inputName)) {
    const eq = item.indexOf('=')
    const engine = item
      .slice(eq + 1)
      .trim()
      .toLowerCase()
    if (eq < 0 || (engine !== 'buildkit' && engine !== 'classic')) {
      throw new InputError(inputName, item, '<arch>=buildkit | <arch>=classic, comma- or newline-separated')
    }
    const arch = parseArch(item.slice(0, eq), inputName)
    if (out.has(arch.slug))
      throw new InputError(inputName, value, `each arch once (${arch.platform} repeated)`)
    out.set(arch.slug, engine)
  }
  return out
}
