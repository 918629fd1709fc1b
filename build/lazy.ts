// The one seam where build loads code on demand. Each import below becomes a separate chunk of the
// bundle (ncc), so a plain build starts without it: the build step's start-up is part of its overhead
// against a bare `buildx build` (npm run bench). Only main.ts and request.ts import this: a chunk that
// needs another is handed its loader as a parameter, so no chunk imports the module that loads it.
import type { Runner } from '../lib/runtime.js'
import type { ActionsCache, BuildInputs, Built, LegMark } from './model.js'
import type { Claim, Staged } from './matrix/handoff.js'
import type { HandOff, Published } from './matrix/leg.js'

export const load = {
  /** A matrix leg's push by digest and hand-off, and the merge job (with the registry client). */
  matrix: () => import('./matrix/index.js'),
  /** `policy`: the Dockerfile parsed whole and checked against its rules. */
  policy: () => import('./frontend/policy.js'),
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

/** A leg's publishing. `start` loads the hand-off's chunk and claims the leg's arch while buildx
 * builds (called once buildx runs: the chunk's load would otherwise delay the build's start);
 * `exported` uploads the record once the build has exported the index it names (buildx still pushes and
 * exports the cache then); `pushed` starts the hand-off as soon as buildx has ended well (before its
 * log is read back and the outputs written); `publish` pushes the leg (from a layout) after the build
 * and hands it off, unless `pushed` already did. */
export function legPublisher(
  inputs: BuildInputs,
  mark: LegMark | undefined
): {
  start: () => void
  exported: (digest: string) => void
  pushed: (digest: string) => void
  publish: (built: Built, log: Runner) => Promise<Published>
} {
  type Matrix = Awaited<ReturnType<typeof load.matrix>>
  let claimed: Promise<{ matrix: Matrix; claim: Promise<Claim> }> | undefined
  let staged: Promise<Staged | undefined> | undefined
  let early: Promise<HandOff | undefined> | undefined
  const start = () => {
    claimed ??= load.matrix().then(matrix => ({ matrix, claim: matrix.claimLeg(inputs) }))
    claimed.catch(() => undefined) // awaited after a successful build only
  }
  return {
    start,
    exported(digest) {
      start()
      staged ??= claimed!.then(c => c.matrix.stageLeg(inputs, c.claim, digest, mark)).catch(() => undefined)
    },
    pushed(digest) {
      start()
      early ??= claimed!.then(c => c.matrix.handOffLeg(inputs, digest, c.claim, mark, staged))
      early.catch(() => undefined) // the chunk's failure is met by publish, on `claimed`
    },
    async publish(built, log) {
      start()
      const { matrix, claim } = await claimed!
      return matrix.publishLeg(inputs, built, claim, log, mark, { staged, early: await early })
    }
  }
}
