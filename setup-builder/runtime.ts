// The runner calls setup-builder makes, written to the runner's protocol directly, as the build step
// does (build/runtime.ts): @actions/core and its HTTP client were most of the bundle and a third of
// the step's own time on the docker driver (bench/setup-builder.mjs). Adds what the build step never
// needs: exported variables and the state handed to the post step.
import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'

export { actionInputs, info, warning, setOutput, runStep } from '../build/runtime.js'

/** `name<<delimiter` block appended to a GITHUB_* file, as @actions/core writes it. */
function fileCommand(file: string, name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

/** Sets `name` for this process and, through GITHUB_ENV, for the later steps of the job (outside a
 * runner there are none). */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value
  const file = process.env.GITHUB_ENV
  if (file) fileCommand(file, name, value)
}

/** Hands `value` to this action's post step (which reads it as STATE_<name>). */
export function saveState(name: string, value: string): void {
  const file = process.env.GITHUB_STATE
  if (file) fileCommand(file, name, value)
}

export const getState = (name: string): string => process.env[`STATE_${name}`] ?? ''
