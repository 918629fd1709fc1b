// setup-builder post step: remove the builder the main step created (never one it only selected).
import { dockerBuildx } from '../lib/buildx.js'
import { info, runStep, warning } from '../lib/runtime.js'
import { state } from './state.js'

runStep(async () => {
  const name = state.createdBuilder
  if (!name) return
  info(`Removing builder ${name}`)
  try {
    await dockerBuildx(['buildx', 'rm', '--force', name])
  } catch (e) {
    // The job's result does not depend on clean-up: say so and go on.
    warning(`could not remove builder ${name}: ${(e as Error).message}`)
  }
})
