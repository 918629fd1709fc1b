// The one seam where build loads code on demand. Each import below becomes a separate chunk of the
// bundle (ncc), so a plain build starts without it: the build step's start-up is part of its overhead
// against a bare `buildx build` (npm run bench).
import type { Runner } from '../lib/runtime.js'
import type { BuildInputs } from './inputs.js'
import type { Built } from './step.js'

export const load = {
  /** A matrix leg's push by digest and hand-off, and the merge job (with the registry client). */
  matrix: () => import('./matrix/index.js'),
  /** `context: git`: the committed tree. */
  gitContext: () => import('./git-context.js'),
  /** Facts about buildx and the builder that few builds need (and semver with them). */
  builderFacts: () => import('./engine/builder-facts.js'),
  /** `engine: classic`. */
  classic: () => import('./engine/classic.js'),
  /** `cache-mounts`: restored before the build, saved after it. */
  cacheMounts: () => import('./cache-mounts/index.js'),
  /** @actions/cache, for `cache: local`, `cache-mounts` and the matrix hand-off. */
  actionsCache: (): Promise<ActionsCache> => import('@actions/cache'),
  /** After the build: the job summary, check annotations and, in the post step, the build record. */
  summary: () => import('./summary/index.js'),
  /** @actions/artifact, for the build record's upload (post step). */
  artifact: () => import('@actions/artifact')
}

/** A leg's publishing, started before its build: the hand-off's chunks load and the leg claims its arch
 * while buildx builds; the function it resolves to publishes the leg after the build. */
export async function startLeg(inputs: BuildInputs): Promise<(built: Built, log: Runner) => Promise<string>> {
  const [matrix, api] = await Promise.all([load.matrix(), load.actionsCache()])
  const claim = matrix.claimLeg(inputs, api)
  return (built, log) => matrix.publishLeg(inputs, built, api, claim, log)
}

/** The part of @actions/cache build uses (tests pass the real one against the services double, or their own). */
export interface ActionsCache {
  isFeatureAvailable(): boolean
  saveCache(paths: string[], key: string): Promise<number>
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
    options?: { lookupOnly?: boolean }
  ): Promise<string | undefined>
}
