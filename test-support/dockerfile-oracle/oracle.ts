// BuildKit's own Dockerfile parser as a test oracle: main.go here, built once per source hash into
// .build/ (Go's module and build caches make a rebuild after a change take seconds), run on many texts.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Mount } from '../../build/frontend/mount.js'

const here = dirname(fileURLToPath(import.meta.url))
const SOURCES = ['go.mod', 'go.sum', 'main.go']

/** The oracle prints mounts in the shape build/frontend/mount.ts gives them. */
export type OracleMount = Mount

export interface OracleCommand {
  keyword: string
  /** as written after splitting: `--name=value` */
  flags: string[]
  json: boolean
  heredocs: { name: string; chomp: boolean; expand: boolean; content: string }[]
  /** set when BuildKit's instructions package refuses the instruction */
  error?: string
  mounts?: OracleMount[]
  network?: string
  security?: string
  platform?: string
  sources?: string[]
}

export interface OracleInstruction extends OracleCommand {
  line: number
  endLine: number
  /** ONBUILD: the trigger as the build using the image parses it (alone, default escape) */
  onbuild?: OracleCommand
  /** ONBUILD: why that build cannot parse the trigger (it fails there) */
  onbuildError?: string
}

export interface OracleResult {
  /** set when BuildKit's parser refuses the file */
  error?: string
  escape?: string
  syntax?: { ref: string; value: string; line: number }
  instructions: OracleInstruction[]
}

/** The oracle binary, built if this source has not been built yet. */
export function oracleBinary(): string {
  const hash = createHash('sha256')
  for (const f of SOURCES) hash.update(readFileSync(join(here, f)))
  const root = join(here, '..', '..')
  const bin = join(root, '.build', `dockerfile-oracle-${hash.digest('hex').slice(0, 16)}`)
  if (existsSync(bin)) return bin
  mkdirSync(dirname(bin), { recursive: true })
  // A copy, so that -mod=mod may complete go.sum without touching the tree.
  const src = mkdtempSync(join(tmpdir(), 'dockerfile-oracle-'))
  try {
    for (const f of SOURCES) copyFileSync(join(here, f), join(src, f))
    execFileSync('go', ['build', '-trimpath', '-o', `${bin}.tmp`, '.'], {
      cwd: src,
      env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    renameSync(`${bin}.tmp`, bin)
    // Binaries of earlier sources are of no more use.
    for (const old of readdirSync(dirname(bin)))
      if (old.startsWith('dockerfile-oracle-') && join(dirname(bin), old) !== bin)
        rmSync(join(dirname(bin), old), { force: true })
  } finally {
    rmSync(src, { recursive: true, force: true })
  }
  return bin
}

/** What BuildKit makes of each text, in order. */
export function runOracle(texts: string[]): OracleResult[] {
  const r = spawnSync(oracleBinary(), [], {
    input: JSON.stringify(texts),
    maxBuffer: 1 << 30,
    encoding: 'utf8'
  })
  if (r.error) throw r.error
  if (r.status !== 0) throw new Error(`dockerfile-oracle exited ${r.status}: ${r.stderr}`)
  return JSON.parse(r.stdout) as OracleResult[]
}
