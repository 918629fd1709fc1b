// Command execution with argument arrays (never a shell): output streamed line by line to a sink
// and captured for parsing.
import { spawn, type ChildProcess } from 'node:child_process'
import type { Readable } from 'node:stream'
import { commandTooLarge, withoutInputs } from './command-size.js'

export interface Command {
  cmd: string
  args: string[]
  env?: Record<string, string>
  cwd?: string
  /** Piped to the command's standard input (a build context from `git archive`, say). */
  stdin?: Readable | string
}

export interface RunOptions {
  /** Called with every output line (stdout and stderr interleaved as they arrive). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  /** Keep at most this many characters of each stream (the tail); default 16 Mi. */
  maxCapture?: number
}

export interface Result {
  code: number
  stdout: string
  stderr: string
}

/** The environment a command gets: the step's, without the step's inputs (lib/command-size.ts). */
export const commandEnv = (extra: Record<string, string> = {}): Record<string, string> =>
  withoutInputs({ ...process.env, ...extra })

/** The commands running now: the runner signals a cancelled step's own process only, not its children. */
const running = new Set<ChildProcess>()

/** Passes a cancellation on to the running commands (buildx cancels its build on SIGINT and SIGTERM). */
export function signalCommands(signal: NodeJS.Signals): void {
  for (const child of running) child.kill(signal)
}

export function run(c: Command, opts: RunOptions = {}): Promise<Result> {
  const max = opts.maxCapture ?? 16 * 1024 * 1024
  const env = commandEnv(c.env)
  // Said here rather than as node's bare `spawn E2BIG` (the planners name the input before this).
  const tooLarge = commandTooLarge([c.cmd, ...c.args], env)
  if (tooLarge) return Promise.reject(new Error(`cannot run ${c.cmd}: ${tooLarge.message}`))
  return new Promise((resolve, reject) => {
    const child = spawn(c.cmd, c.args, {
      cwd: c.cwd,
      env,
      stdio: [c.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      shell: false
    })
    running.add(child)
    const captured = { stdout: '', stderr: '' }
    const partial = { stdout: '', stderr: '' }
    const feed = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      captured[stream] += text
      if (captured[stream].length > max) captured[stream] = captured[stream].slice(-max)
      if (!opts.onLine) return
      const lines = (partial[stream] + text).split('\n')
      partial[stream] = lines.pop() ?? ''
      for (const l of lines) opts.onLine(l.replace(/\r$/, ''), stream)
    }
    child.stdout?.on('data', feed('stdout'))
    child.stderr?.on('data', feed('stderr'))
    child.on('error', err => {
      running.delete(child)
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(`command not found: ${c.cmd}`) : err
      )
    })
    child.on('close', code => {
      running.delete(child)
      for (const s of ['stdout', 'stderr'] as const) if (partial[s] && opts.onLine) opts.onLine(partial[s], s)
      resolve({ code: code ?? 1, ...captured })
    })
    if (c.stdin !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined) // the command may exit before reading all of it
      if (typeof c.stdin === 'string') child.stdin.end(c.stdin)
      else c.stdin.pipe(child.stdin)
    }
  })
}

/** Runs and returns stdout; a non-zero exit throws with the command and the tail of its output. */
export async function output(c: Command): Promise<string> {
  const r = await run(c)
  if (r.code !== 0) throw new CommandError(c, r)
  return r.stdout
}

export class CommandError extends Error {
  override name = 'CommandError'
  constructor(
    readonly command: Command,
    readonly result: Result
  ) {
    const tail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' | ')
    super(`${[command.cmd, ...command.args].join(' ')} exited with ${result.code}${tail ? `: ${tail}` : ''}`)
  }
}
