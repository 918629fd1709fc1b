// The few runner calls the build step makes, written to the runner's protocol directly (the
// workflow commands and file commands @actions/core writes, byte for byte). The build step runs on
// every build, so its start-up counts: @actions/core pulls in its HTTP client (for OIDC tokens)
// and makes up most of the bundle and of the step's own start-up time (bench/cache.mjs). Modules
// that need more (@actions/cache for cache: local) load it on demand.
import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { Inputs } from '../lib/inputs.js'

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
const command = (name: string, message: string, props: Record<string, string | number> = {}) => {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',')
  process.stdout.write(`::${name}${p ? ` ${p}` : ''}::${escapeData(message)}${EOL}`)
}

/** Inputs as the runner passes them: INPUT_<NAME>, trimmed. */
export const getInput = (name: string): string =>
  (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
export const actionInputs = (): Inputs => new Inputs(getInput)

export const info = (message: string): void => void process.stdout.write(`${message}${EOL}`)
export const warning = (message: string): void => void command('warning', message)
/** An error, annotated at file:line when given (the runner shows it on the file in the PR). */
export const error = (message: string, at?: { file: string; line: number }): void =>
  void command('error', message, at ? { file: at.file, line: at.line } : {})
export const debug = (message: string): void => void command('debug', message)
export const setSecret = (secret: string): void => void command('add-mask', secret)
export const isDebug = (): boolean => process.env.RUNNER_DEBUG === '1'

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    process.stdout.write(EOL)
    process.stdout.write(`::set-output name=${name}::${escapeData(value)}${EOL}`)
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

/** Appends HTML to the step's job summary (nothing outside a runner). */
export function appendSummary(html: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (file) appendFileSync(file, `${html}${EOL}`, 'utf8')
}

/** Runs the step: a failure is one `::error::` line (the stack only with step debug) and exit code 1. */
export async function runStep(main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e))
    if (isDebug() && err.stack) debug(err.stack)
    process.exitCode = 1
    error(err.message)
  }
}
