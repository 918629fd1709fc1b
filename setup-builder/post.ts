// setup-builder post step: remove the builder the main step created (never one it only selected).
import * as core from '@actions/core'
import { runAction } from '../lib/action.js'
import { docker } from '../lib/docker.js'

runAction(async () => {
  const name = core.getState('created-builder')
  if (!name) return
  core.info(`Removing builder ${name}`)
  try {
    await docker('buildx', 'rm', '--force', name)
  } catch (e) {
    // The job's result does not depend on clean-up: say so and go on.
    core.warning(`could not remove builder ${name}: ${(e as Error).message}`)
  }
})
