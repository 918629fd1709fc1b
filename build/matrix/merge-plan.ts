// Pure planning for the merge job: the multi-arch index from this run's legs, under every tag.
import { samePlatform, type Arch } from '../../lib/arch.js'
import { UserError } from '../../lib/errors.js'
import type { LegRecord } from './handoff.js'

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
  builder: string
): string[] {
  const args = ['buildx', 'imagetools', 'create']
  if (builder) args.push('--builder', builder)
  for (const t of tags) args.push('--tag', t)
  for (const leg of legs) args.push(`${image}@${leg.digest}`)
  return args
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
