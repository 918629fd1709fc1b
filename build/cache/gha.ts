// The gha cache backend needs the runner's cache service, and a buildx/BuildKit that speak the
// service version the runner offers. Pure checks here; main gathers the facts.
import { UserError } from '../../lib/errors.js'

export type GhaService = 'v1' | 'v2'
type Env = Record<string, string | undefined>

// buildx reads ACTIONS_CACHE_SERVICE_V2 with Go's strconv.ParseBool.
const parseBool = (v: string | undefined) => /^(1|t|true)$/i.test((v ?? '').trim())

/** v2 when the runner says so and gives its URL (ACTIONS_RESULTS_URL); v1 with ACTIONS_CACHE_URL. */
export function ghaService(env: Env): GhaService | undefined {
  if (parseBool(env.ACTIONS_CACHE_SERVICE_V2) && env.ACTIONS_RESULTS_URL) return 'v2'
  if (env.ACTIONS_CACHE_URL) return 'v1'
  return undefined
}

/** Why the gha cache cannot be used in this step (undefined when it can). */
export function ghaUnavailable(env: Env): string | undefined {
  const missing = !env.ACTIONS_RUNTIME_TOKEN
    ? 'ACTIONS_RUNTIME_TOKEN is not set'
    : ghaService(env) === undefined
      ? 'neither ACTIONS_RESULTS_URL nor ACTIONS_CACHE_URL is set'
      : undefined
  if (!missing) return undefined
  return (
    `cache: gha: the runner did not provide the GitHub cache service to this step (${missing}); ` +
    'building without the gha cache. The runner gives it to JavaScript action steps; ' +
    'runners outside GitHub Actions may not offer it (use cache: registry there).'
  )
}

export interface BuilderVersions {
  buildx: string
  /** The builder's BuildKit; '' when it reports none (Debian's engine builds). */
  buildkit: string
  driver: string
  /** The Docker engine's version ('' when unknown); tells the docker driver's BuildKit. */
  engine: string
}

const NEED = 'buildx >= 0.21 and BuildKit >= 0.20'
// Docker Engine 28.0 is the first to vendor BuildKit 0.20 (27.5 has 0.18).
const ENGINE_WITH_BUILDKIT_020 = '28.0.0'

/** `26.1.5+dfsg1` >= `28.0.0`? The first x.y[.z] in the string counts (as semver.coerce reads it). */
export function atLeast(version: string, min: string): boolean | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(version)
  if (!m) return undefined
  const have = [m[1], m[2], m[3] ?? '0'].map(Number)
  const want = min.split('.').map(Number)
  for (let i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i] > want[i]
  return true
}

/**
 * Cache service v2 needs buildx >= 0.21 and BuildKit >= 0.20. Throws a UserError naming what was
 * found; returns a line saying how it was judged. A builder without a BuildKit version is judged by
 * the engine's version for the docker driver, and not at all (but said so) for others.
 */
export function checkGhaV2(v: BuilderVersions): string {
  const buildxOk = atLeast(v.buildx, '0.21.0') ?? false
  let buildkitOk: boolean | undefined
  let buildkit: string
  if (v.buildkit) {
    buildkitOk = atLeast(v.buildkit, '0.20.0')
    buildkit = `BuildKit ${v.buildkit}`
  } else if (v.driver === 'docker' && v.engine) {
    buildkitOk = atLeast(v.engine, ENGINE_WITH_BUILDKIT_020)
    buildkit =
      `BuildKit unknown (the engine reports no BuildKit version, as Debian's builds do; judged by ` +
      `Docker engine ${v.engine}: ` +
      (buildkitOk
        ? 'engines from 28.0 include BuildKit >= 0.20)'
        : 'engines before 28.0 include BuildKit older than 0.20)')
  } else {
    buildkit = `BuildKit unknown (the ${v.driver || 'builder'} reports no version; not checked)`
  }
  const found = `found buildx ${v.buildx} and ${buildkit}`
  if (buildxOk && buildkitOk !== false) return `cache: gha uses cache service v2 (${NEED}): ${found}`
  const fixes: string[] = []
  if (!buildxOk) fixes.push('install buildx >= 0.21')
  if (buildkitOk === false)
    fixes.push(
      v.driver === 'docker'
        ? 'use Docker engine >= 28.0, or setup-builder with driver: docker-container (moby/buildkit >= 0.20)'
        : 'use a builder with BuildKit >= 0.20'
    )
  throw new UserError(
    `cache: gha: the runner offers the GitHub cache service v2, which needs ${NEED}; ${found}. ` +
      `To use the gha cache, ${fixes.join(' and ')}; or use cache: registry.`
  )
}
