// The reporting after a build, loaded on demand as one chunk of the bundle (build/lazy.ts): the summary,
// the build-check annotations, and the build record (the post step).
import { getState, type Runner } from '../../lib/runtime.js'
import { postRecord } from './record.js'
import { RECORD_STATE } from './record-plan.js'

export { reportBuild } from './summary.js'

/** The build action's post step: the record the main step found, exported and uploaded. */
export const postStep = (log: Runner): Promise<void> => postRecord(log, getState(RECORD_STATE))
