// What buildx refuses before it builds anything when the builder lacks a feature: the engine's own
// builder (docker driver) on Docker's classic image store, a GitHub-hosted runner's default, has no
// cache export (but inline) and no attestations:
//   ERROR: failed to build: Cache export is not supported for the docker driver.
//   ERROR: failed to build: Attestation is not supported for the docker driver.
// Neither is the image: the build runs again without what was refused. A cache export only warns, as
// any other that fails; the default provenance is left out, as build-push-action leaves it out there.
// What the build cannot go without (an OCI layout for a matrix leg, several platforms, the user's own
// attestations) fails, and the error says how to get a builder that can. And the error of a build that
// failed: the line that says what failed, with the fix when buildx refused. Pure: the caller runs builds.
import { DOCS } from '../cache/warnings.js'
import type { BuildRun, CacheEntry } from '../model.js'

const REFUSED = /^(?:ERROR: )?(?:failed to build: )?(\w[\w -]*?) is not supported for the (\S+) driver\./

const BUILDER_FIX =
  'Create a builder with setup-builder (driver auto picks docker-container here) or turn on the containerd image store.'

/** The feature buildx refused, and the driver that lacks it. */
function refusal(lines: string[]): { feature: string; driver: string } | undefined {
  const m = lines.map(l => REFUSED.exec(l.trim())).find(Boolean)
  return m ? { feature: m[1], driver: m[2] } : undefined
}

/** How to fix a refusal the build could not go on without, to follow buildx's error line. */
export function refusalFix(lines: string[]): string | undefined {
  const r = refusal(lines)
  return (
    r && `The ${r.driver} driver cannot do this on an engine with the classic image store. ${BUILDER_FIX}`
  )
}

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
  const r = refusal(lines)
  if (!r) return undefined
  const { feature, driver } = r
  const cannot = feature === 'Attestation' ? 'attach attestations' : 'export cache'
  const engine = `the ${driver} driver cannot ${cannot} on this engine (classic image store)`
  if (feature === 'Cache export') {
    const dropped = current.cacheTo.filter(e => e.type !== 'inline')
    if (dropped.length === 0) return undefined
    const target = dropped.map(e => e.attrs.ref ?? `type=${e.type}`).join(', ')
    return {
      cacheTo: current.cacheTo.filter(e => e.type === 'inline'),
      defaultProvenance: current.defaultProvenance,
      warning: `Cache export to ${target} skipped: ${engine}; the image is built without it. ${BUILDER_FIX} See ${DOCS.backends}`
    }
  }
  if (feature !== 'Attestation' || userAttests || !current.defaultProvenance) return undefined
  return {
    cacheTo: current.cacheTo,
    defaultProvenance: false,
    info: `provenance: ${engine}: the image is built without the default provenance, as build-push-action builds it there. ${BUILDER_FIX}`
  }
}

/** The step's error for a failed build: the line of the output that says what failed, and the fix when
 * buildx refused a feature the builder lacks. */
export function buildFailure(classic: boolean, run: Pick<BuildRun, 'code' | 'lines' | 'stderr'>): string {
  const fix = classic ? undefined : refusalFix(run.lines)
  const what = `${classic ? 'docker build' : 'buildx build'} failed (exit ${run.code}): ${lastError(run.stderr)}`
  return fix ? `${what} ${fix}` : what
}

/** The line of buildx's (or docker build's) output that says what failed. */
export function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n')
  return (
    [...lines]
      .reverse()
      .find(l => /^ERROR:|error:/i.test(l))
      ?.trim() ??
    lines.at(-1) ??
    ''
  )
}
