// setup-builder post step: remove the builder the main step created (never one it only selected),
// keeping its state volume with keep-state, then the files written for it.
import { dockerBuildx } from '../lib/buildx.js'
import { info, runStep, warning } from '../lib/runtime.js'
import { removeArgs, STEP_DIR } from './builder-plan.js'
import { removeOwnDir } from '../lib/files.js'
import { state } from './state.js'

runStep(async () => {
  const name = state.createdBuilder
  if (name) {
    info(`Removing builder ${name}${state.keepState ? ' (keeping its state)' : ''}`)
    try {
      await dockerBuildx(removeArgs(name, state.keepState))
    } catch (e) {
      // The job's result does not depend on clean-up: say so and go on.
      warning(`could not remove builder ${name}: ${(e as Error).message}`)
    }
  }
  // The main step's own folder in RUNNER_TEMP (made fresh by it, see builder.ts), never anything else:
  // state is an environment variable, and anything earlier in the job could have set it.
  if (state.filesDir) {
    const refused = removeOwnDir(state.filesDir, process.env.RUNNER_TEMP ?? '/tmp', STEP_DIR)
    if (refused) warning(`not removing ${state.filesDir}: ${refused}`)
  }
})
