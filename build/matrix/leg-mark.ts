// The mark a matrix leg's build puts on what it pushes: this run, this attempt and a nonce the leg chose.
// The leg's record carries the attempt and the nonce; the merge tags a handed-off digest only when what
// the registry holds under it bears the mark of this run and of that record, so a forged cache entry
// naming some other image of the repository is refused.
// Where it goes: with attestations the leg pushes an index that is new at every run anyway (provenance
// records the build's times), and the mark is an annotation of that index: the image itself stays as a
// cached rebuild left it (no new config or manifest to write and push; its digest is the same from run
// to run). Without attestations there is no index (BuildKit refuses index annotations then), and the
// mark is a label of the image, as it is for the classic builder, which has neither.
import type { LegMark } from '../model.js'
import { randomUUID } from '../../lib/ids.js'

export type { LegMark }

export const LEG_LABEL = 'io.github.buildx-action-suite.leg'

export interface RunFacts {
  repository: string
  runId: string
  runAttempt: string
}

/** The run a leg or merge belongs to, from the runner's environment. */
export function runFacts(env: NodeJS.ProcessEnv): RunFacts | undefined {
  const [repository, runId, runAttempt] = [env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT]
  return repository && runId ? { repository, runId, runAttempt: runAttempt || '1' } : undefined
}

/** A fresh mark for a leg of this run attempt. */
export const newLegMark = (run: RunFacts): LegMark => ({
  runId: run.runId,
  attempt: Number(run.runAttempt),
  nonce: randomUUID()
})

/** The label's value. */
export const formatLegMark = (m: LegMark): string => `run=${m.runId},attempt=${m.attempt},nonce=${m.nonce}`

/** The `--label` line that puts the mark on the leg's image. */
export const legLabel = (m: LegMark): string => `${LEG_LABEL}=${formatLegMark(m)}`

/** The buildx flag and value that put the mark on what the leg pushes: an annotation of its index when
 * the build makes attestations (`attested`), else a label of its image. */
export const legMarkFlag = (m: LegMark, attested: boolean): [string, string] =>
  attested ? ['--annotation', `index:${legLabel(m)}`] : ['--label', legLabel(m)]
