// The thin layer between an action's main() and the Actions runtime: failures become one line, with
// the stack only when step debug is on.
import * as core from '@actions/core'
import { Inputs } from './inputs.js'

export const actionInputs = (): Inputs => new Inputs(name => core.getInput(name))

export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e))
    if (core.isDebug() && err.stack) core.debug(err.stack)
    core.setFailed(err.message)
  }
}
