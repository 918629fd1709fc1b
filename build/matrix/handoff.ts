// The digest of one matrix leg, handed to the merge job through the Actions cache: no artifact steps
// in the user's workflow. One entry per leg, keyed by repository, run, image, arch and attempt, holding
// the leg's record as JSON (lib/cache-service.ts: no archive). Creating the entry is the arch's claim:
// the cache service creates a key once, so of two legs of one arch in one attempt only one can; the leg
// creates it while buildx builds and fills it with the record after. On cache service v2 the record is
// uploaded as soon as the build has exported the index it names (buildx then still pushes and exports
// the cache), and committed after the build: one request after it.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Arch } from '../../lib/arch.js'
import { UserError } from '../../lib/errors.js'
import { tagSafe } from '../../lib/image-ref.js'
import type { CacheService, Reservation } from '../../lib/cache-service.js'
import type { RunFacts } from './leg-mark.js'
import { sha256Hex } from '../../lib/ids.js'

export { runFacts, type RunFacts } from './leg-mark.js'

export interface LegRecord {
  image: string
  arch: string
  platform: string
  digest: string
  /** The run attempt that pushed it. */
  attempt?: number
  /** The nonce of the mark the leg's build put on the image (leg-mark.ts). */
  nonce?: string
}

/** The cache version of the suite's leg records (the service matches versions exactly; only this suite
 * writes and reads these entries). */
export const RECORD_VERSION = sha256Hex('buildx-action-suite leg record 1')

/** How much of the repository and the image a key shows, to be read by people (the hash decides). */
const SHOWN = 100

/** The key prefix for one leg of this run; the attempt comes last so a restore-key prefix finds the
 * newest attempt (a re-run of a failed leg writes a new attempt, the merge of that re-run picks it up).
 * The readable parts are many-to-one (tagSafe maps `reg/web/app` and `reg/web-app` alike, and they are
 * cut short to keep the key within the service's 512 characters): a hash of the exact repository, image
 * and platform, just before the attempt, makes the prefix of each leg its own. */
export function legKeyPrefix(run: RunFacts, image: string, arch: Arch): string {
  const exact = sha256Hex(JSON.stringify([run.repository, run.runId, image, arch.platform])).slice(0, 16)
  const shown = (s: string) => tagSafe(s).slice(0, SHOWN)
  return `build-digest-${shown(run.repository)}-${shown(run.runId)}-${shown(image)}-${arch.slug}-${exact}-`
}

/** The leg's entry in this attempt: its claim, and once filled its record. */
export const legKey = (run: RunFacts, image: string, arch: Arch): string =>
  `${legKeyPrefix(run, image, arch)}${run.runAttempt}`

/** Where the record goes when the claim's own entry could not be filled (an upload URL that expired
 * during a long build): found under the same prefixes. */
const lateKey = (key: string) => `${key}-late`

/** The record an entry holds, when it is one of this image and arch; undefined otherwise. */
export function parseLegRecord(bytes: Buffer, image: string, arch: Arch): LegRecord | undefined {
  let r: Partial<LegRecord>
  try {
    r = JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
  if (r.image !== image || r.arch !== arch.bashbrew || !/^sha256:[0-9a-f]{64}$/.test(String(r.digest)))
    return undefined
  const attempt = Number(r.attempt)
  return {
    image,
    arch: arch.bashbrew,
    platform: arch.platform,
    digest: String(r.digest),
    ...(attempt > 0 ? { attempt } : {}),
    ...(typeof r.nonce === 'string' ? { nonce: r.nonce } : {})
  }
}

/** The arch claimed (its entry created, to be filled), taken by another leg, or not reachable. */
export type Claim =
  { state: 'claimed'; reservation: Reservation } | { state: 'taken' } | { state: 'failed'; reason: string }

/** Claims the leg's arch in this run attempt (one request); run while the build runs. Never rejects. */
export async function claimArch(api: CacheService, run: RunFacts, image: string, arch: Arch): Promise<Claim> {
  try {
    const r = await api.create(legKey(run, image, arch), RECORD_VERSION)
    return r === 'exists' ? { state: 'taken' } : { state: 'claimed', reservation: r }
  } catch (e) {
    return { state: 'failed', reason: (e as Error).message }
  }
}

/** The entry's content: the record, with the run attempt that pushed it. */
export const recordBytes = (run: RunFacts, leg: LegRecord): Buffer =>
  Buffer.from(JSON.stringify({ ...leg, attempt: Number(run.runAttempt) }))

/** A record uploaded into the claimed entry before the build ended; not found until committed. */
export interface Staged {
  bytes: Buffer
  /** Settles true once uploaded, false when the upload failed (handOff then uploads again). */
  uploaded: Promise<boolean>
}

/** Uploads the record ahead of its commit, on cache service v2 only: there an upload replaces the last
 * one, so a record that turns out not to be the final one is simply uploaded again. Never rejects. */
export function stageRecord(api: CacheService, claim: Claim, bytes: Buffer): Staged | undefined {
  if (claim.state !== 'claimed' || api.protocol !== 'v2') return undefined
  return {
    bytes,
    uploaded: api.upload(claim.reservation, bytes).then(
      () => true,
      () => false
    )
  }
}

/** Hands the leg's digest off: its record into the claimed entry, which the merge looks up (committed
 * alone when `staged` uploaded exactly this record). A leg whose arch another leg holds hands nothing
 * off and fails; a claim the service failed is tried once more. */
export async function handOff(
  api: CacheService,
  run: RunFacts,
  leg: LegRecord,
  arch: Arch,
  claim: Claim,
  { waitMs = 1000, staged }: { waitMs?: number; staged?: Staged } = {}
): Promise<string> {
  if (claim.state === 'failed') claim = await claimArch(api, run, leg.image, arch)
  if (claim.state === 'taken') return explainTaken(api, run, leg, arch, waitMs)
  if (claim.state === 'failed') throw notHandedOff(arch, claim.reason)
  const record = recordBytes(run, leg)
  const { reservation } = claim
  try {
    // Settled first: an upload of another record still under way must not land after this one.
    const ready = staged !== undefined && (await staged.uploaded) && staged.bytes.equals(record)
    if (ready) await api.commit(reservation, record.length)
    else await api.fill(reservation, record)
    return reservation.key
  } catch {
    // The arch stays claimed by the pending entry; the record goes beside it.
  }
  try {
    const late = await api.create(lateKey(reservation.key), RECORD_VERSION)
    if (late === 'exists') throw new Error(`${lateKey(reservation.key)} exists`)
    await api.fill(late, record)
    return late.key
  } catch (e) {
    throw notHandedOff(arch, (e as Error).message)
  }
}

const notHandedOff = (arch: Arch, reason: string) =>
  new UserError(`arch ${arch.bashbrew}: the digest could not be handed to the merge job: ${reason}`)

/** Another leg of this attempt holds the arch: its digest is named once it has handed it off (looked for a
 * few times: it may still be building). Throws. */
async function explainTaken(
  api: CacheService,
  run: RunFacts,
  leg: LegRecord,
  arch: Arch,
  waitMs: number
): Promise<never> {
  const key = legKey(run, leg.image, arch)
  let other: LegRecord | undefined
  for (let i = 0; i < 3 && !other; i++) {
    if (i > 0) await sleep(waitMs)
    const found = await readRecord(api, key, [lateKey(key)], leg.image, arch).catch(() => undefined)
    if (found?.attempt === Number(run.runAttempt)) other = found
  }
  const what = other ? `handed off ${leg.image}@${other.digest}` : `is handing off ${leg.image}`
  throw new UserError(
    `arch ${arch.bashbrew}: another leg of this run attempt ${what} for ${arch.platform}; two matrix legs build the same arch and the merge would take only one: give each leg its own arch`
  )
}

async function readRecord(
  api: CacheService,
  key: string,
  restoreKeys: string[],
  image: string,
  arch: Arch
): Promise<LegRecord | undefined> {
  const found = await api.lookup(key, RECORD_VERSION, restoreKeys)
  return found && parseLegRecord(await api.download(found), image, arch)
}

/** The newest attempt's record of one leg of this run (a re-run of a failed leg is a newer attempt). */
export async function findLeg(
  api: CacheService,
  run: RunFacts,
  image: string,
  arch: Arch
): Promise<LegRecord | undefined> {
  const prefix = legKeyPrefix(run, image, arch)
  return readRecord(api, prefix, [prefix], image, arch)
}
