// The one seam where build loads code on demand. Each import below becomes a separate chunk of the
// bundle (ncc), so a plain build starts without it: the build step's start-up is part of its overhead
// against a bare `buildx build` (npm run bench). Only main.ts and request.ts import this: a chunk that
// needs another is handed its loader as a parameter, so no chunk imports the module that loads it.
import type { Runner } from '../lib/runtime.js'
import type { ActionsCache, BuildInputs, Built, LegMark } from './model.js'

export const load = {
  /** A matrix leg's push by digest and hand-off, and the merge job (with the registry client). */
  matrix: () => import('./matrix/index.js'),
  /** `context: git`: the committed tree. */
  gitSource: () => import('./git-source.js'),
  /** Facts about buildx and the builder that few builds need (and semver with them). */
  builderFacts: () => import('./engine/builder-facts.js'),
  /** `engine: classic`. */
  classic: () => import('./engine/classic.js'),
  /** `cache-mounts`: restored before the build, saved after it. */
  cacheMounts: () => import('./cache-mounts/index.js'),
  /** @actions/cache, for the directory trees of `cache: local` and `cache-mounts`. */
  actionsCache: (): Promise<ActionsCache> => import('@actions/cache'),
  /** After the build: the job summary, check annotations and, in the post step, the build record. */
  summary: () => import('./summary/index.js'),
  /** @actions/artifact, for the build record's upload (post step). */
  artifact: () => import('@actions/artifact')
}

/** A leg's publishing, started before its build: the hand-off's chunks load and the leg claims its arch
 * while buildx builds; the function it resolves to publishes the leg after the build. */
export async function startLeg(
  inputs: BuildInputs,
  mark: LegMark | undefined
): Promise<(built: Built, log: Runner) => Promise<string>> {
  const matrix = await load.matrix()
  const claim = matrix.claimLeg(inputs)
  return (built, log) => matrix.publishLeg(inputs, built, claim, log, mark)
}
