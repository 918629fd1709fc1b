// Running buildx with its log: `plain` streams every line as it comes; `grouped` prints each build
// step's lines as one collapsible group, in step order, once the build is over. Either way the
// output is the user's Dockerfile talking: the log door prints it as output the step does not control
// (inside ::stop-commands::), so it cannot issue workflow commands; the groups are the door's own.
import { buildxCommand } from '../../lib/buildx.js'
import { endGroup, group, uncontrolled } from '../../lib/runtime.js'
import { run, type Command, type Result, type RunOptions } from '../../lib/exec.js'
import { groupedLog, markLazyCacheLoads, parseProgress, type Vertex } from '../progress.js'
import type { BuildRun, LogMode } from '../model.js'

type Exec = (c: Command, o: RunOptions) => Promise<Result>

/** `docker <args>`, with the classic builder's env or a `git archive` on stdin when given. */
export type BuildCommand = string[] | Omit<Command, 'cmd'>

export async function runBuild(command: BuildCommand, mode: LogMode, exec: Exec = run): Promise<BuildRun> {
  const lines: string[] = []
  const times: number[] = [] // when each line arrived, for the summary's time chart
  const started = Date.now()
  const { args, ...rest }: Omit<Command, 'cmd'> = Array.isArray(command) ? { args: command } : command
  const c = args[0] === 'buildx' ? buildxCommand(args, rest) : { ...rest, cmd: 'docker', args }
  // Closed whatever happens: the step's own error after it must still run as a command.
  const streamed = mode === 'plain' ? uncontrolled() : undefined
  let result: Result
  try {
    result = await exec(c, {
      onLine: line => {
        lines.push(line)
        times.push(Date.now() - started)
        streamed?.line(line)
      },
      maxCapture: 1024 * 1024
    })
  } finally {
    streamed?.close()
  }
  const durationMs = Date.now() - started
  const steps = markLazyCacheLoads(parseProgress(lines, times))
  if (mode === 'grouped') printGrouped(steps, lines)
  return { code: result.code, lines, vertices: steps, stderr: result.stderr, durationMs }
}

// `#0 building with …` is buildx's banner; every other `#N ` line belongs to a step.
const STEP_LINE = /^#[1-9]\d* /

/** One ::group:: per step (title: the step and how it ended), then the lines of no step (the error summary). */
export function printGrouped(steps: Vertex[], lines: string[]): void {
  const guarded = (body: string[]) => {
    const block = uncontrolled()
    body.forEach(l => block.line(l))
    block.close()
  }
  for (const g of groupedLog(steps)) {
    group(g.title)
    guarded(g.lines)
    endGroup()
  }
  const rest = lines.filter(l => !STEP_LINE.test(l) && l.trim() !== '')
  if (rest.length > 0) guarded(rest)
}
