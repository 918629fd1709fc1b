// The digest of one matrix leg, handed to the merge job through the Actions cache: no artifact steps
// in the user's workflow. One small entry per leg, keyed by repository, run, image, arch and attempt.
import type { Arch } from '../lib/arch.js'

export interface LegRecord {
  image: string
  arch: string
  platform: string
  digest: string
}

export interface RunFacts {
  repository: string
  runId: string
  runAttempt: string
}

/** Characters a cache key keeps readable; everything else becomes '-'. */
const part = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-')

/** The key prefix for one leg of this run; the attempt comes last so a restore-key prefix finds the
 * newest attempt (a re-run of a failed leg writes a new attempt, the merge of that re-run picks it up). */
export function legKeyPrefix(run: RunFacts, image: string, arch: Arch): string {
  return `build-digest-${part(run.repository)}-${run.runId}-${part(image)}-${arch.slug}-`
}

export const legKey = (run: RunFacts, image: string, arch: Arch): string =>
  `${legKeyPrefix(run, image, arch)}${run.runAttempt}`

/** The file the record travels in; the same relative path on saving and restoring (the cache version
 * hashes the paths). */
export const legPath = (arch: Arch): string => `.build-digest-${arch.slug}.json`

/** The repository part of an image reference, without tag or digest: what the legs push to by digest. */
export function imageName(tag: string): string {
  const noDigest = tag.replace(/@sha256:[0-9a-f]{64}$/, '')
  const slash = noDigest.lastIndexOf('/')
  const colon = noDigest.lastIndexOf(':')
  return colon > slash ? noDigest.slice(0, colon) : noDigest
}

export function parseLegRecord(text: string, arch: Arch): LegRecord {
  const r = JSON.parse(text)
  if (typeof r.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(r.digest) || r.arch !== arch.bashbrew) {
    throw new Error(`the hand-off record for ${arch.bashbrew} is not a leg record: ${text.slice(0, 200)}`)
  }
  return r as LegRecord
}
