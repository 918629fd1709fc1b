// The build request's pure part: the inputs as the engine gets them, from the inputs as the user gave
// them and what request.ts resolved (the git source, the pinned frontend, a leg's builder).
import { join } from 'node:path'
import { gitAuthSecrets } from './engine/buildkit-plan.js'
import { pinBuildArg } from './frontend/frontend.js'
import { legRepositories, planLegOutput } from './matrix/leg-plan.js'
import { legLabel, type LegMark } from './matrix/leg-mark.js'
import type { BuildInputs, GitContext, GitSource, LegFacts } from './model.js'

/** The inputs as the engine gets them, and where a leg's image is exported to push by digest. */
export interface EngineInputs {
  build: BuildInputs
  layout?: string
}

/**
 * Pure: a git source builds `-` (the archive on stdin) with the Dockerfile relative to its root; with
 * BuildKit, the pinned frontend is a BUILDKIT_SYNTAX build arg (it wins over the Dockerfile's own
 * `# syntax=` line), github-token a secret for a Git context on the GitHub server, and a leg with push
 * goes to the registry by digest, untagged (the merge job tags the index). The classic builder takes
 * none of these: it has its own parser, no secrets, and pushes its leg from a layout.
 */
export function engineInputs(
  i: BuildInputs,
  r: { source?: GitSource; leg?: LegFacts; mark?: LegMark; pinned: string; serverUrl?: string; work: string }
): EngineInputs {
  const own = r.source ? { context: '-', file: gitDockerfile(i.file, i.git!) } : {}
  if (i.engine === 'classic') {
    // Its leg's image bears the mark as a label (with BuildKit, buildkit-plan.ts places it).
    const labels = r.leg && i.push && r.mark ? [...i.labels, legLabel(r.mark)] : i.labels
    return { build: { ...i, ...own, labels } }
  }
  const leg =
    r.leg && i.push ? planLegOutput(r.leg.driver, legRepositories(i.tags), join(r.work, 'oci')) : undefined
  return {
    build: {
      ...i,
      secrets: gitAuthSecrets(i, r.serverUrl),
      buildArgs: [...i.buildArgs, ...pinBuildArg(r.pinned)],
      ...(leg ? { tags: [], push: false, outputs: [leg.output] } : {}),
      ...own
    },
    layout: leg?.layout
  }
}

/** The Dockerfile path for `-` (stdin) contexts: relative to the archive root. */
export function gitDockerfile(file: string, g: GitContext): string {
  if (!file) return 'Dockerfile'
  return g.subdir && file.startsWith(`${g.subdir}/`) ? file.slice(g.subdir.length + 1) : file
}
