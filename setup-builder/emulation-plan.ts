// QEMU emulation for platforms the host cannot run: which binfmt_misc entries to register, from the
// entries qemu-user-static ships (/usr/lib/binfmt.d/qemu-<name>.conf, static interpreters, flag F)
// or, when the host has none, with a binfmt installer image as setup-qemu-action runs it.
import { normalizePlatform, splitPlatform } from '../lib/arch.js'

/** OCI architecture (+variant) → the qemu binfmt entry name. */
const QEMU: Record<string, string> = {
  amd64: 'x86_64',
  '386': 'i386',
  arm64: 'aarch64',
  arm: 'arm',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips64le: 'mips64el',
  mips64: 'mips64',
  loong64: 'loongarch64'
}

export interface EmulationFacts {
  /** The host's own platforms (the builder's list before any emulator: linux/amd64, linux/386 …). */
  native: string[]
  /** binfmt_misc entry names already registered and enabled (qemu-aarch64 …). */
  registered: string[]
  /** binfmt.d config files available to register (name → path). */
  available: Record<string, string>
}

export interface EmulationPlan {
  /** binfmt.d files whose entry to write to the register file. */
  register: string[]
  /** Platforms the installer image registers (`--install`). */
  install: string[]
  /** Platforms that can neither run natively nor be emulated here. */
  missing: { platform: string; why: string }[]
}

const archOf = (platform: string) => {
  const p = splitPlatform(platform)
  return p ? normalizePlatform(p).architecture : platform
}

/** @param image the binfmt installer image for what the host has no entry for ('' for none) */
export function planEmulation(requested: string[], facts: EmulationFacts, image = ''): EmulationPlan {
  const plan: EmulationPlan = { register: [], install: [], missing: [] }
  const nativeArchs = new Set(facts.native.map(archOf))
  for (const platform of requested) {
    const arch = archOf(platform)
    if (splitPlatform(platform)?.os !== 'linux') {
      plan.missing.push({
        platform,
        why: `QEMU runs Linux binaries only: build it on a ${splitPlatform(platform)?.os} runner`
      })
      continue
    }
    if (nativeArchs.has(arch)) continue
    const name = QEMU[arch]
    if (!name) {
      plan.missing.push({ platform, why: 'no QEMU emulator exists for it' })
    } else if (facts.registered.includes(`qemu-${name}`)) {
      continue
    } else if (facts.available[`qemu-${name}`]) {
      if (!plan.register.includes(facts.available[`qemu-${name}`]))
        plan.register.push(facts.available[`qemu-${name}`])
    } else if (image) {
      if (!plan.install.some(p => archOf(p) === arch)) plan.install.push(platform)
    } else {
      plan.missing.push({
        platform,
        why: `no qemu-${name} emulator is registered and none is installed (install qemu-user-static, or set binfmt-image to a binfmt installer image such as tonistiigi/binfmt)`
      })
    }
  }
  return plan
}

/** The `:name:type:offset:magic:mask:interpreter:flags` line of a binfmt.d file, without comments. */
export function registerLine(conf: string): string {
  const line = conf.split('\n').find(l => l.trim() !== '' && !l.startsWith('#'))
  if (!line) throw new Error('empty binfmt.d entry')
  return line.trim()
}

/** setup-qemu-action's command: the installer registers the platforms' emulators on the engine's host. */
export const installArgs = (image: string, platforms: string[]): string[] => [
  'run',
  '--rm',
  '--privileged',
  image,
  '--install',
  platforms.join(',')
]

/** The platforms the installer did not make runnable, with its own log line for each: it always exits
 * 0 and prints its status (`{"supported": [...], "emulators": [...]}`) on stdout, its log on stderr. */
export function notInstalled(
  platforms: string[],
  out: { stdout: string; stderr: string }
): { platform: string; why: string }[] {
  let supported: string[] = []
  try {
    supported = (JSON.parse(out.stdout) as { supported?: string[] }).supported ?? []
  } catch {
    // no status: nothing is known to be installed
  }
  const have = new Set(supported.map(archOf))
  const log = out.stderr.split('\n').map(l => l.trim())
  return platforms
    .filter(p => !have.has(archOf(p)))
    .map(platform => {
      const line =
        log.find(l => l.startsWith(`installing: ${archOf(platform)} `)) ?? log.filter(Boolean).at(-1)
      return { platform, why: `the binfmt installer did not register it${line ? ` (${line})` : ''}` }
    })
}
