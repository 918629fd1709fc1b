// The runner calls the actions make, written to the runner's protocol directly: the workflow commands
// and file commands @actions/core writes, byte for byte (__tests__/lib/runtime-conformance.test.ts feeds
// both the same calls). Start-up counts on every build and builder set-up (README: "Why no
// @actions/core"). Modules that need more (@actions/cache, @actions/github) load it on demand.
// This module is the only writer of stdout: the log door below guards every line of text.
import { appendTo, writeStream } from './files.js'
import { EOL } from 'node:os'
import { Inputs } from './inputs.js'
import type { Markup } from './summary-doc.js'
import { randomUUID } from './ids.js'

/** The step's stdout. Written to fd 1 at once rather than through process.stdout, whose stream (on the
 * runner a pipe, so node's net stack) costs 1.5–2.5 ms to open, measured, before a build can start.
 * Tests replace `write` to read what the step printed. */
export const stdout = { write: (text: string): void => writeStream(1, text) }

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** A workflow command's text, escaped as @actions/core escapes it (command.ts). */
function format(name: string, message: string, props: Record<string, string | number>): string {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',')
  return `::${name}${p ? ` ${p}` : ''}::${escapeData(message)}`
}

/** Writes one of the suite's own workflow commands: the name is ours, message and properties escaped. */
export const command = (name: string, message = '', props: Record<string, string | number> = {}): void =>
  void stdout.write(`${format(name, message, props)}${EOL}`)

// The log door. The runner reads stdout and stderr line by line (.NET ReadLine: `\n`, `\r`, `\r\n`) and
// runs a line as a command when, after TrimStart (Unicode white space, U+0085 and U+2028 included), it
// starts with `::`, or when it holds the legacy `##[` anywhere (actions/runner ActionCommand.cs:
// TryParseV2, then TryParse). Text that would read so is printed verbatim inside a stop-commands block
// whose token nobody else knows: the runner shows it and runs none of it.
const LINE_BREAK = /\r\n|\r|\n/
const READS_AS_COMMAND = /^[\s\u0085]*::|##\[/

/** Whether the runner would take some line of `text` as a workflow command. */
export const readsAsCommand = (text: string): boolean =>
  text.split(LINE_BREAK).some(line => READS_AS_COMMAND.test(line))

// The door writes every line itself: its own commands (command() above, the guards and groups below)
// as commands, and any text as text. No command is handed out as text, so no text can pass for one.

/** Opens a block that stops workflow commands until the returned end line: a token nobody else knows. */
function stopCommands(): string {
  const token = randomUUID()
  stdout.write(`${format('stop-commands', token, {})}${EOL}`)
  return `${format(token, '', {})}${EOL}`
}

/** The one writer of log text: `text` as it is, guarded when some line of it would run as a command. */
export function writeLog(text: string): void {
  if (!readsAsCommand(text)) {
    stdout.write(`${text}${EOL}`)
    return
  }
  const end = stopCommands()
  stdout.write(`${text}${EOL}${end}`)
}

/** Output the step does not control (a build's log), printed line by line as it comes. */
export interface UncontrolledOutput {
  /** One line, as it is: the runner shows it and runs none of it. */
  line(text: string): void
  /** Ends the block; commands run again after it. */
  close(): void
}

/** A block for output the step does not control: opened now inside a stop-commands guard whose token
 * nobody else knows, so none of its lines can issue a workflow command, end the block included. */
export function uncontrolled(): UncontrolledOutput {
  const end = stopCommands()
  let open = true
  return {
    line: text => void (open && stdout.write(`${text}${EOL}`)),
    close: () => {
      if (open) stdout.write(end)
      open = false
    }
  }
}

/** Starts a collapsible group of log lines, titled (escaped as any command's message). */
export const group = (title: string): void => command('group', title)
/** Ends the group started last. */
export const endGroup = (): void => command('endgroup')

/** What a module that reports as it goes needs: the functions below by default, tests pass their own. */
export interface Logger {
  info(message: string): void
  /** A warning, annotated at file:line when given. */
  warning(message: string, at?: Annotation): void
  debug?(message: string): void
}

/** The runner calls a step makes besides logging (tests pass their own). */
export interface Runner extends Logger {
  error(message: string, at?: Annotation): void
  setSecret(secret: string): void
  setOutput(name: string, value: string): void
  appendSummary(doc: Markup | string): void
}

/** Inputs as the runner passes them: INPUT_<NAME>, trimmed. */
export const getInput = (name: string): string =>
  (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
export const actionInputs = (): Inputs => new Inputs(getInput)

/** A log line (or lines) of any text, user-derived included: through the log door. */
export const info = (message: string): void => writeLog(message)
/** Where an annotation points, and its title (the properties @actions/core writes, in its order). */
export interface Annotation {
  file: string
  line: number
  title?: string
}
/** An annotation at file:line when given (the runner shows it on the file in the PR). */
const annotation =
  (name: 'warning' | 'error') =>
  (message: string, at?: Annotation): void =>
    void command(
      name,
      message,
      at ? { ...(at.title ? { title: at.title } : {}), file: at.file, line: at.line } : {}
    )
/** A warning: the step stays green. */
export const warning = annotation('warning')
/** An error. */
export const error = annotation('error')
export const debug = (message: string): void => void command('debug', message)
/** Masks the value in the log. The runner masks what it prints line by line, so a multi-line value
 * (a key, a dotenv file) is masked line by line as well: no line of it ever shows. */
export function setSecret(secret: string): void {
  command('add-mask', secret)
  if (!/[\r\n]/.test(secret)) return
  const lines = new Set(secret.split(/\r?\n|\r/).flatMap(l => [l, l.trim()]))
  for (const line of lines) if (line.trim() !== '' && line !== secret) command('add-mask', line)
}
export const isDebug = (): boolean => process.env.RUNNER_DEBUG === '1'

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    stdout.write(EOL)
    stdout.write(`::set-output name=${name}::${escapeData(value)}${EOL}`)
    return
  }
  fileCommand(file, name, value)
}

/** `name<<delimiter` block appended to a GITHUB_* file, as @actions/core writes it. */
function fileCommand(file: string, name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`
  appendTo(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`)
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

/** Appends to the step's job summary (nothing outside a runner). A Markup from lib/summary-doc.ts has
 * every value escaped; a string is taken as the caller's own markup. */
export function appendSummary(doc: Markup | string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (file) appendTo(file, `${String(doc)}${EOL}`)
}

/** Runs `cleanup` with the signal when the runner cancels the step (SIGINT, then SIGTERM after a grace
 * period) and ends the process as the signal would; returns the function that removes the handlers. */
export function onCancel(cleanup: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    try {
      cleanup(signal)
    } finally {
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15))
    }
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
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
