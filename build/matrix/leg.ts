// A leg claims its arch while it builds; after the build: its image in the registry by digest (pushed
// here from an OCI layout when the builder could not), then the digest handed to the merge job through
// the Actions cache.
import { UserError } from '../../lib/errors.js'
import { cacheService, cacheServiceConfig, type CacheService } from '../../lib/cache-service.js'
import { pushLayout } from './oci-push.js'
import {
  claimArch,
  handOff,
  recordBytes,
  runFacts,
  stageRecord,
  type Claim,
  type LegRecord,
  type RunFacts,
  type Staged
} from './handoff.js'
import { legRepositories } from './leg-plan.js'
import type { Built } from '../model.js'
import type { Runner } from '../../lib/runtime.js'
import { imageRepository } from '../../lib/image-ref.js'
import { dockerConfigCredentials } from '../../lib/docker-config.js'
import type { BuildInputs } from '../model.js'
import type { LegMark } from './leg-mark.js'

/** The cache service this step may write to, if the runner offers one. */
function writableCache(env: NodeJS.ProcessEnv): CacheService | undefined {
  const config = cacheServiceConfig(env)
  return config?.writable ? cacheService(config) : undefined
}

/** Starts claiming the leg's arch in this run attempt (handoff.ts), to run alongside the build; nothing
 * to claim outside a workflow run or without the cache service (publishLeg says so). Never rejects. */
export async function claimLeg(i: BuildInputs): Promise<Claim> {
  const run = runFacts(process.env)
  const api = writableCache(process.env)
  if (!run || !api) return { state: 'failed', reason: 'no cache service' }
  return claimArch(api, run, imageRepository(i.tags[0]), i.arch!)
}

/** What the leg hands off for `digest`. */
const legRecord = (i: BuildInputs, digest: string, mark: LegMark | undefined): LegRecord => ({
  image: imageRepository(i.tags[0]),
  arch: i.arch!.bashbrew,
  platform: i.arch!.platform,
  digest,
  nonce: mark?.nonce
})

/** Once the build has exported the index it pushes (`digest`, before buildx ends): the record naming it
 * uploaded into the claimed entry, to be committed after the build (handoff.ts stageRecord). Never
 * rejects; undefined when there is nothing to stage. */
export async function stageLeg(
  i: BuildInputs,
  claim: Promise<Claim>,
  digest: string,
  mark: LegMark | undefined
): Promise<Staged | undefined> {
  const run = runFacts(process.env)
  const api = writableCache(process.env)
  if (!run || !api) return undefined
  return stageRecord(api, await claim, recordBytes(run, legRecord(i, digest, mark)))
}

/** A hand-off under way: the digest it hands off, and the key it is committed under (never rejects
 * before it is awaited). */
export interface HandOff {
  digest: string
  key: Promise<string>
}

/** Starts handing `digest` off (handoff.ts handOff), as soon as buildx has pushed it; undefined outside
 * a workflow run or without a writable cache service (publishLeg says so). */
export function handOffLeg(
  i: BuildInputs,
  digest: string,
  claim: Promise<Claim>,
  mark: LegMark | undefined,
  staged?: Promise<Staged | undefined>
): HandOff | undefined {
  const run = runFacts(process.env)
  const api = writableCache(process.env)
  return run && api ? startHandOff(api, run, i, digest, claim, mark, staged) : undefined
}

function startHandOff(
  api: CacheService,
  run: RunFacts,
  i: BuildInputs,
  digest: string,
  claim: Promise<Claim>,
  mark: LegMark | undefined,
  staged?: Promise<Staged | undefined>
): HandOff {
  const record = legRecord(i, digest, mark)
  const key = (async () => handOff(api, run, record, i.arch!, await claim, { staged: await staged }))()
  key.catch(() => undefined) // met by publishLeg's caller, after the report
  return { digest, key }
}

/** A leg published: the digest it pushed, and its hand-off under way (the commit of its record: a round
 * trip to the cache service, awaited once the report is written). */
export interface Published {
  digest: string
  handedOff: Promise<void>
}

/** `early`: the hand-off handOffLeg started once buildx ended, taken when it hands off this digest. */
export async function publishLeg(
  i: BuildInputs,
  built: Built,
  claim: Promise<Claim>,
  log: Runner,
  mark: LegMark | undefined,
  { staged, early }: { staged?: Promise<Staged | undefined>; early?: HandOff } = {}
): Promise<Published> {
  const arch = i.arch!
  const repositories = legRepositories(i.tags)
  let digest = built.digest
  if (built.layout) {
    log.info(`arch ${arch.bashbrew}: pushing by digest to ${repositories.join(', ')}`)
    const top = await pushLayout(built.layout, repositories, {
      credentials: dockerConfigCredentials(),
      onSecret: s => log.setSecret(s)
    })
    digest = top.digest
  }
  if (!digest) throw new UserError(`arch ${arch.bashbrew}: the build reported no image digest to hand off`)
  const run = runFacts(process.env)
  if (!run) {
    log.warning(
      `arch ${arch.bashbrew}: not in a workflow run (no GITHUB_RUN_ID): the digest is not handed off for a merge`
    )
    return { digest, handedOff: Promise.resolve() }
  }
  const api = writableCache(process.env)
  if (!api)
    throw new UserError(
      `arch ${arch.bashbrew}: the Actions cache service is not available to this step (or not writable), so the merge job could not find this leg's digest`
    )
  const { key } = early?.digest === digest ? early : startHandOff(api, run, i, digest, claim, mark, staged)
  const handedOff = key.then(k =>
    log.info(`arch ${arch.bashbrew}: ${imageRepository(i.tags[0])}@${digest} handed off for the merge (${k})`)
  )
  handedOff.catch(() => undefined) // met by the caller's await, after the report
  return { digest, handedOff }
}
