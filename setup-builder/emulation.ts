// QEMU emulation registered on this host: the facts read from binfmt_misc and binfmt.d, and the
// entries written (planned in emulation-plan.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { writeExisting } from '../lib/files.js'
import { join } from 'node:path'
import { output, run } from '../lib/exec.js'
import { UserError } from '../lib/errors.js'
import { installArgs, notInstalled, registerLine, type EmulationFacts } from './emulation-plan.js'

const BINFMT = '/proc/sys/fs/binfmt_misc'
const BINFMT_D = '/usr/lib/binfmt.d'

/** The host's platforms, the enabled binfmt entries and the installable ones. */
export function readEmulationFacts(): EmulationFacts {
  const native =
    process.arch === 'x64'
      ? ['linux/amd64', 'linux/386']
      : process.arch === 'arm64'
        ? ['linux/arm64', 'linux/arm/v7']
        : []
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : [])
  const registered = list(BINFMT).filter(n => {
    try {
      return readFileSync(join(BINFMT, n), 'utf8').startsWith('enabled')
    } catch {
      return false
    }
  })
  const available: Record<string, string> = {}
  for (const f of list(BINFMT_D)) {
    const m = /^(qemu-[\w-]+)\.conf$/.exec(f)
    if (m) available[m[1]] = join(BINFMT_D, f)
  }
  return { native, registered, available }
}

/** Writes each entry to binfmt_misc's register file (as root, or through sudo -n on hosted runners). */
export async function registerEmulators(files: string[]): Promise<void> {
  for (const file of files) {
    const line = registerLine(readFileSync(file, 'utf8'))
    if (process.getuid?.() === 0) writeExisting(`${BINFMT}/register`, line)
    else await output({ cmd: 'sudo', args: ['-n', 'tee', `${BINFMT}/register`], stdin: line })
  }
}

/** Runs the binfmt installer image for the platforms (as setup-qemu-action does) and fails, naming
 * each, when it did not make them runnable. */
export async function installEmulators(image: string, platforms: string[]): Promise<void> {
  const r = await run({ cmd: 'docker', args: installArgs(image, platforms) })
  if (r.code !== 0) {
    const tail = r.stderr.trim().split('\n').at(-1) ?? ''
    throw new UserError(
      `platforms: cannot register QEMU for ${platforms.join(', ')}: docker run ${image} failed: ${tail}`
    )
  }
  const missing = notInstalled(platforms, r)
  if (missing.length) {
    throw new UserError(missing.map(m => `platforms: cannot build for ${m.platform}: ${m.why}`).join('; '))
  }
}
