// The reporting after a build, loaded on demand as one chunk of the bundle (build/lazy.ts): the summary,
// the build-check annotations, and the build record (the post step).
import { getState, type Runner } from '../../lib/runtime.js'
import { endsProcess, postRecord, type ArtifactChunk } from './record.js'
import { RECORD_STATE } from './record-plan.js'

import { mergeSummaryMarkdown, type MergeSummary } from './summary-plan.js'
import { readSwitches } from './switches.js'

export { prepareReport, type Report } from './summary.js'

/** The merge job's summary: the index and the legs it joined (unless DOCKER_BUILD_SUMMARY is off). */
export function reportMerge(log: Runner, merge: MergeSummary): void {
  if (readSwitches(process.env).summary) log.appendSummary(mergeSummaryMarkdown(merge))
}

/** The build action's post step: the record the main step found, exported and uploaded. An upload
 * given up on leaves the artifact client's retry timers behind: the step ends here, not after them. */
export async function postStep(log: Runner, artifact: ArtifactChunk): Promise<void> {
  await postRecord(log, getState(RECORD_STATE), artifact)
  if (endsProcess()) process.exit()
}
