// The merge job (`merge: amd64,arm64v8`): this run's leg digests, found in the Actions cache and each
// checked in the registry to be its leg's own image (the leg's mark, leg-mark.ts), become one
// multi-arch index (buildx imagetools create --dry-run writes it), pushed once per repository by digest
// and then under each tag, transient registry errors retried; a tag that still fails is named with the
// tags that did move. The index is read back under each tag and must list every arch before the step
// says it is done.
import type { Arch } from '../../lib/arch.js'
import { UserError } from '../../lib/errors.js'
import { dockerBuildx } from '../../lib/buildx.js'
import { isIndexType, MEDIA, Registry, retryTransient } from '../../lib/registry.js'
import { displayCommand } from '../engine/buildkit-plan.js'
import type { Runner } from '../../lib/runtime.js'
import type { MergeSummary } from '../summary/summary-plan.js'
import { cacheService, cacheServiceConfig } from '../../lib/cache-service.js'
import { findLeg, runFacts, type LegRecord } from './handoff.js'
import {
  checkLegImage,
  checkLegs,
  legManifestOf,
  type LegImage,
  mergeAnnotations,
  partialTagsMessage,
  planImagetoolsCreate,
  tagTargets,
  verifyIndex,
  type IndexManifest
} from './merge-plan.js'
import { imageRepository, imageTag, splitRepository } from '../../lib/image-ref.js'
import { dockerConfigCredentials } from '../../lib/docker-config.js'
import type { BuildInputs } from '../model.js'
import { sha256Hex } from '../../lib/ids.js'

export async function mergeLegs(
  i: BuildInputs,
  builder: string,
  log: Runner,
  /** The summary's chunk, loaded after the work (build/lazy.ts). */
  summaryChunk: () => Promise<{ reportMerge(log: Runner, merge: MergeSummary): void }>
): Promise<void> {
  const run = runFacts(process.env)
  if (!run)
    throw new UserError(
      'merge: GITHUB_REPOSITORY and GITHUB_RUN_ID are not set; merge runs in a workflow job'
    )
  const config = cacheServiceConfig(process.env)
  if (!config?.readable)
    throw new UserError(
      "merge: the Actions cache service is not available to this step (or not readable), so the legs' digests cannot be found"
    )
  const api = cacheService(config)
  const image = imageRepository(i.tags[0])
  const found = new Map<string, LegRecord>()
  for (const arch of i.merge) {
    const leg = await findLeg(api, run, image, arch)
    if (leg) found.set(arch.bashbrew, leg)
  }
  const legs = checkLegs(i.merge, found)
  await Promise.all(
    legs.map(async (leg, n) =>
      checkLegImage(
        run,
        leg,
        i.merge[n],
        await readLegImage(image, leg, i.merge[n], log).catch(e => {
          throw new UserError(
            `merge: arch ${leg.arch}: reading ${image}@${leg.digest} from the registry: ${(e as Error).message}`
          )
        })
      )
    )
  )
  for (const leg of legs)
    log.info(`merge: ${leg.arch} (${leg.platform}) ${image}@${leg.digest}, run attempt ${leg.attempt}`)

  const annotations = mergeAnnotations(i.annotations)
  if (annotations.skipped.length)
    log.info(
      `merge: ${annotations.skipped.length} annotation(s) of the legs' image manifests left out (imagetools create annotates the index and its descriptors: index: and manifest-descriptor:): ${annotations.skipped.join(', ')}`
    )
  const args = [...planImagetoolsCreate(i.tags, image, legs, builder, annotations.apply), '--dry-run']
  log.info(`docker ${displayCommand(args)}`)
  const index = Buffer.from((await dockerBuildx(args)).replace(/\n$/, ''))
  await pushIndex(index, i.tags, log)
  const digest = await verifyTags(i.tags, i.merge, log)

  log.setOutput('digest', digest)
  log.setOutput('platform', i.merge.map(a => a.platform).join(','))
  log.setOutput('arch', i.merge.map(a => a.bashbrew).join(','))
  log.info(`Index digest: ${digest} (${i.merge.map(a => a.bashbrew).join(', ')}) under ${i.tags.join(', ')}`)
  // The summary is its own chunk: loaded after the work, as for a build.
  const summary = await summaryChunk()
  summary.reportMerge(log, {
    image,
    tags: i.tags,
    digest,
    legs: legs.map(l => ({ ...l, attempt: String(l.attempt ?? 1) }))
  })
}

/** The image under a leg's digest, as the registry has it (an index: its image of the leg's platform). */
async function readLegImage(
  image: string,
  leg: LegRecord,
  arch: Arch,
  log: Runner
): Promise<LegImage | undefined> {
  const { host, name } = splitRepository(image)
  const registry = new Registry(host, {
    credentials: dockerConfigCredentials(),
    onSecret: s => log.setSecret(s)
  })
  let m = await retryTransient(() => registry.manifest(name, leg.digest))
  let annotations: Record<string, unknown> | undefined
  if (m && isIndexType(m.mediaType)) {
    annotations = (m.body.annotations as Record<string, unknown> | undefined) ?? {}
    const own = legManifestOf((m.body.manifests as IndexManifest[] | undefined) ?? [], arch)
    if (!own) return { annotations }
    m = await retryTransient(() => registry.manifest(name, own.digest))
  }
  const config = m?.body.config as { digest?: string } | undefined
  if (!config?.digest) return m && { annotations }
  const blob = (await retryTransient(() => registry.blobJson(name, config.digest!))) as {
    os?: string
    architecture?: string
    variant?: string
    config?: { Labels?: Record<string, unknown> | null }
  }
  const platform =
    blob.os && blob.architecture
      ? { os: blob.os, architecture: blob.architecture, variant: blob.variant }
      : undefined
  return { platform, labels: blob.config?.Labels ?? {}, annotations }
}

/** The index by digest into each repository, then each tag; which tags moved when one fails. */
async function pushIndex(index: Buffer, tags: string[], log: Runner): Promise<void> {
  const mediaType = (JSON.parse(index.toString('utf8')) as { mediaType?: string }).mediaType ?? MEDIA.ociIndex
  const digest = `sha256:${sha256Hex(index)}`
  const credentials = dockerConfigCredentials()
  const updated: string[] = []
  for (const target of tagTargets(tags)) {
    const { host, name } = splitRepository(target.repository)
    const registry = new Registry(host, { credentials, onSecret: s => log.setSecret(s) })
    const put = (reference: string) =>
      retryTransient(() => registry.putManifest(name, reference, mediaType, index))
    await put(digest).catch(e => {
      throw new UserError(`merge: pushing the index to ${target.repository}: ${(e as Error).message}`)
    })
    for (const tag of target.tags) {
      try {
        await put(tag)
        updated.push(`${target.repository}:${tag}`)
      } catch (e) {
        const failed = tags.filter(t => !updated.includes(`${imageRepository(t)}:${imageTag(t)}`))
        throw new UserError(partialTagsMessage(digest, updated, failed, (e as Error).message))
      }
    }
  }
  log.info(`merge: index ${digest} pushed under ${updated.join(', ')}`)
}

/** Every tag must resolve to one index that lists every arch; its digest. */
async function verifyTags(tags: string[], archs: Arch[], log: Runner): Promise<string> {
  const credentials = dockerConfigCredentials()
  const digests = new Set<string>()
  for (const tag of tags) {
    const { host, name } = splitRepository(imageRepository(tag))
    const reference = imageTag(tag)
    const m = await new Registry(host, { credentials, onSecret: s => log.setSecret(s) }).manifest(
      name,
      reference
    )
    if (!m) throw new UserError(`merge: ${tag} is not in the registry after imagetools create`)
    const missing = verifyIndex((m.body.manifests as IndexManifest[] | undefined) ?? [], archs)
    if (missing.length) throw new UserError(`merge: the index under ${tag} lacks ${missing.join(', ')}`)
    digests.add(m.digest)
  }
  if (digests.size !== 1)
    throw new UserError(`merge: the tags point to different indexes (${[...digests].join(', ')})`)
  return [...digests][0]
}
