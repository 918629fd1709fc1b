// The digest of one matrix leg, handed to the merge job through the Actions cache: no artifact steps
// in the user's workflow. Two small entries per leg, keyed by repository, run, image, arch and attempt:
// the arch's claim (one leg per arch and attempt, saved while the build runs) and the key that carries
// the digest.
import { createHash } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Arch } from '../../lib/arch.js'
import { UserError } from '../../lib/errors.js'
import { tagSafe } from '../../lib/image-ref.js'
import type { ActionsCache } from '../model.js'

export interface LegRecord {
  image: string
  arch: string
  platform: string
  digest: string
  /** The run attempt that pushed it. */
  attempt?: number
}

export interface RunFacts {
  repository: string
  runId: string
  runAttempt: string
}

/** The key prefix for one leg of this run; the attempt comes last so a restore-key prefix finds the
 * newest attempt (a re-run of a failed leg writes a new attempt, the merge of that re-run picks it up). */
export function legKeyPrefix(run: RunFacts, image: string, arch: Arch): string {
  return `build-digest-${tagSafe(run.repository)}-${run.runId}-${tagSafe(image)}-${arch.slug}-`
}

/** The full key carries the digest, so the merge finds it with a lookup alone (nothing to download). */
export const legKey = (run: RunFacts, image: string, arch: Arch, digest: string): string =>
  `${legKeyPrefix(run, image, arch)}${run.runAttempt}-${digest.replace(':', '-')}`

/** The record a key found under a leg's prefix stands for; undefined for a key of another shape. */
export function parseLegKey(key: string, prefix: string, image: string, arch: Arch): LegRecord | undefined {
  const m = /^(\d+)-sha256-([0-9a-f]{64})$/.exec(key.startsWith(prefix) ? key.slice(prefix.length) : '')
  if (!m) return undefined
  return {
    image,
    arch: arch.bashbrew,
    platform: arch.platform,
    digest: `sha256:${m[2]}`,
    attempt: Number(m[1])
  }
}

/** The file saved with the key; the same relative path on saving and on looking up (the cache
 * version hashes the paths), and in the workspace only for the moment of the save. */
export const legPath = (arch: Arch): string => `.build-digest-${arch.slug}.json`

/** The run a leg or merge belongs to, from the runner's environment. */
export function runFacts(env: NodeJS.ProcessEnv): RunFacts | undefined {
  const [repository, runId, runAttempt] = [env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT]
  return repository && runId ? { repository, runId, runAttempt: runAttempt || '1' } : undefined
}

/** The arch's claim in one attempt: a key without the digest, so that of two legs of one arch only one
 * can create it (the cache service refuses a second entry under a key), apart from the digest keys. */
export const claimKey = (run: RunFacts, image: string, arch: Arch): string =>
  `build-claim-${legKeyPrefix(run, image, arch).slice('build-digest-'.length)}${run.runAttempt}`

/** The claim's file. The claim is saved while the build runs, so not in the workspace (it could be
 * part of the build context); the same path string for both legs of a claim (the cache version hashes
 * it, and a conflict needs the same key and version), so not under RUNNER_TEMP either. */
export function claimPath(key: string): string {
  const name = `.build-claim-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`
  return join(process.platform === 'win32' ? tmpdir() : '/tmp', name)
}

/** 'claimed', or 'refused' (another leg holds the claim, or the cache service failed: the hand-off
 * tells which). */
export type Claim = 'claimed' | 'refused'

/** Claims the leg's arch in this run attempt; run while the build runs. Never rejects. */
export async function claimArch(api: ActionsCache, run: RunFacts, image: string, arch: Arch): Promise<Claim> {
  const key = claimKey(run, image, arch)
  const path = claimPath(key)
  try {
    writeFileSync(path, JSON.stringify({ key }))
    return (await api.saveCache([path], key)) === -1 ? 'refused' : 'claimed'
  } catch {
    return 'refused'
  } finally {
    rmSync(path, { force: true })
  }
}

/** Hands the leg's digest off, once its arch is claimed: the key with the digest, which the merge looks
 * up. A leg whose claim was refused hands nothing off and fails. */
export async function handOff(
  api: ActionsCache,
  run: RunFacts,
  leg: LegRecord,
  arch: Arch,
  claim: Claim,
  waitMs = 1000
): Promise<string> {
  if (claim !== 'claimed') await explainRefusedClaim(api, run, leg, arch, waitMs)
  const key = legKey(run, leg.image, arch, leg.digest)
  const path = legPath(arch)
  writeFileSync(path, JSON.stringify(leg))
  try {
    if ((await api.saveCache([path], key)) === -1) throw notHandedOff(arch)
  } finally {
    rmSync(path, { force: true })
  }
  return key
}

const notHandedOff = (arch: Arch) =>
  new UserError(
    `arch ${arch.bashbrew}: the digest could not be handed to the merge job (see the warning above)`
  )

/** A refused claim: another leg holds it (its entry may still be uploading: looked for a few times),
 * or the cache service failed. Throws either way. */
async function explainRefusedClaim(
  api: ActionsCache,
  run: RunFacts,
  leg: LegRecord,
  arch: Arch,
  waitMs: number
): Promise<never> {
  const claim = claimKey(run, leg.image, arch)
  for (let i = 0; i < 3; i++) {
    if (i > 0) await sleep(waitMs)
    if (!(await api.restoreCache([claimPath(claim)], claim, [], { lookupOnly: true }))) continue
    // The other leg's digest, once it has handed it off.
    const prefix = legKeyPrefix(run, leg.image, arch)
    const attempt = `${prefix}${run.runAttempt}-`
    const key = await api.restoreCache([legPath(arch)], attempt, [attempt], { lookupOnly: true })
    const other = key ? parseLegKey(key, prefix, leg.image, arch) : undefined
    const what = other ? `handed off ${leg.image}@${other.digest}` : `is handing off ${leg.image}`
    throw new UserError(
      `arch ${arch.bashbrew}: another leg of this run attempt ${what} for ${arch.platform}; two matrix legs build the same arch and the merge would take only one: give each leg its own arch`
    )
  }
  throw notHandedOff(arch)
}

/** The newest attempt's record of one leg of this run (a re-run of a failed leg is a newer attempt). */
export async function findLeg(
  api: ActionsCache,
  run: RunFacts,
  image: string,
  arch: Arch
): Promise<LegRecord | undefined> {
  const prefix = legKeyPrefix(run, image, arch)
  const key = await api.restoreCache([legPath(arch)], prefix, [prefix], { lookupOnly: true })
  return key ? parseLegKey(key, prefix, image, arch) : undefined
}
