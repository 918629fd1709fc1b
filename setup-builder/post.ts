// setup-builder post step: remove the builder the main step created (never one it only selected),
// keeping its state volume with keep-state, then the files written for it.
import { rmSync } from 'node:fs'
import { dockerBuildx } from '../lib/buildx.js'
import { info, runStep, warning } from '../lib/runtime.js'
import { removeArgs } from './builder-plan.js'
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
  // The step's own folder (created fresh by it, see builder.ts), never anything else.
  if (state.filesDir) rmSync(state.filesDir, { recursive: true, force: true })
})
