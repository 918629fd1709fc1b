// Pure planning for the merge job: the multi-arch index from this run's legs, under every tag.
import { samePlatform, type Arch } from '../../lib/arch.js'
import { InputError, UserError } from '../../lib/errors.js'
import { imageRepository, imageTag } from '../../lib/image-ref.js'
import type { LegRecord } from './handoff.js'
import { formatLegMark, LEG_LABEL, type RunFacts } from './leg-mark.js'

/** Fails with what was found and what is missing when a leg did not hand off its digest. */
export function checkLegs(archs: Arch[], found: Map<string, LegRecord>): LegRecord[] {
  const missing = archs.filter(a => !found.has(a.bashbrew)).map(a => a.bashbrew)
  if (missing.length) {
    const have = [...found.keys()]
    throw new UserError(
      `merge: no digest from this run for ${missing.join(', ')} (found: ${have.length ? have.join(', ') : 'none'}); did those matrix legs run the build step with arch and push: true?`
    )
  }
  return archs.map(a => found.get(a.bashbrew) as LegRecord)
}

export function planImagetoolsCreate(
  tags: string[],
  image: string,
  legs: LegRecord[],
  builder: string,
  annotations: string[] = []
): string[] {
  const args = ['buildx', 'imagetools', 'create']
  if (builder) args.push('--builder', builder)
  for (const t of tags) args.push('--tag', t)
  for (const a of annotations) args.push('--annotation', a)
  for (const leg of legs) args.push(`${image}@${leg.digest}`)
  return args
}

/** Where the index goes: each repository among the tags once (the index by digest), then its tags. */
export function tagTargets(tags: string[]): { repository: string; tags: string[] }[] {
  const out = new Map<string, string[]>()
  for (const tag of tags) {
    const repository = imageRepository(tag)
    out.set(repository, [...(out.get(repository) ?? []), imageTag(tag)])
  }
  return [...out].map(([repository, t]) => ({ repository, tags: t }))
}

/** The failure of a merge that moved some tags and not others: which, so a re-run can finish it. */
export function partialTagsMessage(digest: string, updated: string[], failed: string[], why: string): string {
  return (
    `merge: the index ${digest} is in the registry, but ${failed.length} of ${updated.length + failed.length} tags were not moved to it (${why}): ` +
    `updated ${updated.length ? updated.join(', ') : 'none'}; not updated ${failed.join(', ')}. Re-run the merge job to finish.`
  )
}

export interface IndexManifest {
  digest: string
  platform?: { os: string; architecture: string; variant?: string }
  annotations?: Record<string, string>
}

/** The index must list every requested platform (attestation manifests, platform unknown/unknown, aside). */
export function verifyIndex(manifests: IndexManifest[], archs: Arch[]): string[] {
  const images = manifests.filter(
    m => m.platform && m.platform.os !== 'unknown' && !m.annotations?.['vnd.docker.reference.type']
  )
  return archs
    .filter(a => !images.some(m => samePlatform(m.platform as IndexManifest['platform'] & object, a)))
    .map(a => a.platform)
}

/** What the registry holds under a leg's digest: the image's platform and its labels (from its config;
 * for an index, from its image of the leg's platform), and an index's own annotations; undefined when
 * the digest is not there. */
export interface LegImage {
  platform?: { os: string; architecture: string; variant?: string }
  labels?: Record<string, unknown>
  annotations?: Record<string, unknown>
}

/** The image manifest of an index that is the leg's platform (attestations aside), if exactly one. */
export function legManifestOf(manifests: IndexManifest[], arch: Arch): IndexManifest | undefined {
  const images = manifests.filter(
    m => m.platform && !m.annotations?.['vnd.docker.reference.type'] && samePlatform(m.platform, arch)
  )
  return images.length === 1 ? images[0] : undefined
}

/**
 * A handed-off digest is tagged only when it is the leg's own: an image of the leg's platform bearing
 * the mark of this run, of the record's attempt and of its nonce (leg-mark.ts), as an annotation of the
 * index under that digest or a label of the image. Either is part of what the digest names, so only a
 * push can put it there. A forged cache entry naming another image of the repository fails here, in one
 * line naming the arch.
 */
export function checkLegImage(run: RunFacts, leg: LegRecord, arch: Arch, found: LegImage | undefined): void {
  const expected = formatLegMark({ runId: run.runId, attempt: leg.attempt ?? 1, nonce: leg.nonce ?? '' })
  const mark = found?.annotations?.[LEG_LABEL] ?? found?.labels?.[LEG_LABEL]
  const why = !found
    ? 'it is not in the registry'
    : !found.platform || !samePlatform(found.platform, arch)
      ? `it is no ${arch.platform} image`
      : mark === undefined
        ? `it has no ${LEG_LABEL} mark (an annotation of its index or a label)`
        : mark !== expected
          ? `its ${LEG_LABEL} mark reads ${JSON.stringify(String(mark).slice(0, 120))}, the leg's would read ${JSON.stringify(expected)}`
          : undefined
  if (why)
    throw new UserError(
      `merge: arch ${arch.bashbrew}: ${leg.image}@${leg.digest}, handed off as this run's ${arch.bashbrew} leg, is not an image that leg built (${why}); nothing is tagged`
    )
}

const INDEX_LEVELS = ['index', 'manifest-descriptor']

/**
 * metadata-action's `annotations` in the merge job: the `index:` and `manifest-descriptor[…]:` levels go
 * to imagetools create, which annotates the index and its descriptors. `manifest:` and unprefixed
 * entries annotate an image manifest, which the legs built (give them there): left out, and said.
 * `index-descriptor:` has nothing to annotate when an index is created (buildx refuses it): an error.
 */
export function mergeAnnotations(annotations: string[]): { apply: string[]; skipped: string[] } {
  const apply: string[] = []
  const skipped: string[] = []
  for (const a of annotations) {
    const m = /^([a-z-]+(?:\[[^\]]*\])?(?:,[a-z-]+(?:\[[^\]]*\])?)*):(?=[^=]*=)/.exec(a)
    const levels = m ? m[1].split(/,(?![^[]*\])/) : []
    if (levels.some(l => l.startsWith('index-descriptor')))
      throw new InputError(
        'annotations',
        a,
        'index: or manifest-descriptor: annotations with merge (an index-descriptor has nothing to annotate when the index is created)'
      )
    const kept = levels.filter(l => INDEX_LEVELS.includes(l.replace(/\[.*$/, '')))
    if (kept.length) apply.push(`${kept.join(',')}:${a.slice(m![0].length)}`)
    else skipped.push(a)
  }
  return { apply, skipped }
}
