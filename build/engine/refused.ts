// What buildx refuses before it builds anything when the builder lacks a feature: the engine's own
// builder (docker driver) on Docker's classic image store, a GitHub-hosted runner's default, has no
// cache export (but inline) and no attestations:
//   ERROR: failed to build: Cache export is not supported for the docker driver.
//   ERROR: failed to build: Attestation is not supported for the docker driver.
// Neither is the image: the build runs again without what was refused. A cache export only warns, as
// any other that fails; the default provenance is left out, as build-push-action leaves it out there.
// Pure: the caller runs the builds.
import type { CacheEntry } from '../cache/entries.js'
import { DOCS } from '../cache/warnings.js'

const REFUSED =
  /^(?:ERROR: )?(?:failed to build: )?(Cache export|Attestation) is not supported for the (\S+) driver\./

export interface BuildWith {
  cacheTo: CacheEntry[]
  /** The default provenance (build-push-action's); the user's own attestations always stay. */
  defaultProvenance: boolean
}

export interface Retry extends BuildWith {
  /** A warning (something asked for is dropped) or an info line (a default is). */
  warning?: string
  info?: string
}

/**
 * The next build after a refusal, or undefined when the output holds none the build can go on without
 * (another failure, an attestation the user asked for, nothing left to drop).
 */
export function withoutRefused(lines: string[], current: BuildWith, userAttests: boolean): Retry | undefined {
  const m = lines.map(l => REFUSED.exec(l.trim())).find(Boolean)
  if (!m) return undefined
  const [, feature, driver] = m
  const cannot = feature === 'Attestation' ? 'attach attestations' : 'export cache'
  const engine = `the ${driver} driver cannot ${cannot} on this engine (classic image store)`
  const builder =
    'Create a builder with setup-builder (driver auto picks docker-container here) or turn on the containerd image store.'
  if (feature === 'Cache export') {
    const dropped = current.cacheTo.filter(e => e.type !== 'inline')
    if (dropped.length === 0) return undefined
    const target = dropped.map(e => e.attrs.ref ?? `type=${e.type}`).join(', ')
    return {
      cacheTo: current.cacheTo.filter(e => e.type === 'inline'),
      defaultProvenance: current.defaultProvenance,
      warning: `Cache export to ${target} skipped: ${engine}; the image is built without it. ${builder} See ${DOCS.backends}`
    }
  }
  if (userAttests || !current.defaultProvenance) return undefined
  return {
    cacheTo: current.cacheTo,
    defaultProvenance: false,
    info: `provenance: ${engine}: the image is built without the default provenance, as build-push-action builds it there. ${builder}`
  }
}
