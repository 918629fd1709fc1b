// Running buildx with its log: `plain` streams every line as it comes; `grouped` prints each build
// step's lines as one collapsible group, in step order, once the build is over. Either way the
// output is the user's Dockerfile talking: the log door prints it as output the step does not control
// (inside ::stop-commands::), so it cannot issue workflow commands; the groups are the door's own.
//
// A buildx build asked for `--progress=plain` runs with `--progress=rawjson` (buildx 0.13 to 0.38 have
// it) and its JSON is printed as the plain lines it stands for (build/progress-json.ts): the log reads
// as plain progress, and the steps get BuildKit's own start and end times for the summary's chart. Any
// other build (the classic builder) keeps its plain log, timed by when each line arrived.
import { buildxCommand } from '../../lib/buildx.js'
import { endGroup, group, uncontrolled } from '../../lib/runtime.js'
import { run, type Command, type Result, type RunOptions } from '../../lib/exec.js'
import { groupedLog, markLazyCacheLoads, markMissingCache, parseProgress, type Vertex } from '../progress.js'
import { RawProgress } from '../progress-json.js'
import { storedLegFacts } from '../matrix/builder-store.js'
import type { BuildRun, LogMode } from '../model.js'

type Exec = (c: Command, o: RunOptions) => Promise<Result>

/** `docker <args>`, with the classic builder's env or a `git archive` on stdin when given. */
export type BuildCommand = string[] | Omit<Command, 'cmd'>

/** `onIndex`: the digest of the index the build exported, as soon as its progress says it (RawProgress);
 * `onExit`: buildx's exit code, as soon as it ends (before its log is read back); `exec` runs the
 * command (a recorded build in tests). */
export async function runBuild(
  command: BuildCommand,
  mode: LogMode,
  {
    exec = run,
    onIndex,
    onExit
  }: { exec?: Exec; onIndex?: (digest: string) => void; onExit?: (code: number) => void } = {}
): Promise<BuildRun> {
  const lines: string[] = []
  const times: number[] = [] // when each line arrived, for the summary's time chart
  const started = Date.now()
  const { args: given, ...rest }: Omit<Command, 'cmd'> = Array.isArray(command) ? { args: command } : command
  const raw = given[0] === 'buildx' && given.includes(PLAIN)
  const args = raw ? given.map(a => (a === PLAIN ? RAWJSON : a)) : given
  const c = args[0] === 'buildx' ? buildxCommand(args, rest) : { ...rest, cmd: 'docker', args }
  // Closed whatever happens: the step's own error after it must still run as a command.
  const streamed = mode === 'plain' ? uncontrolled() : undefined
  const keep = (line: string) => {
    lines.push(line)
    times.push(Date.now() - started)
    streamed?.line(line)
  }
  const json = raw ? new RawProgress(keep, onIndex) : undefined
  let result: Result
  try {
    if (json) banner(args).forEach(keep)
    result = await exec(c, { onLine: json ? line => json.line(line) : keep, maxCapture: 1024 * 1024 })
    json?.end()
  } finally {
    streamed?.close()
  }
  if (onExit) {
    onExit(result.code)
    // One turn of the event loop: what onExit started (a leg's hand-off request) leaves before the few ms
    // of CPU that reading the log back takes.
    await new Promise(resolve => setImmediate(resolve))
  }
  const durationMs = Date.now() - started
  const parsed = parseProgress(lines, json ? undefined : times)
  if (json) withTimes(parsed, json.times())
  const steps = markMissingCache(markLazyCacheLoads(parsed))
  if (mode === 'grouped') printGrouped(steps, lines)
  // The raw output is JSON: what failed is read from the plain lines it stood for.
  const stderr = json ? lines.join('\n').slice(-1024 * 1024) : result.stderr
  return { code: result.code, lines, vertices: steps, stderr, durationMs }
}

/** buildx's first plain line, which rawjson leaves out: the builder from buildx's store, as it picks it. */
function banner(args: string[]): string[] {
  const i = args.indexOf('--builder')
  const b = storedLegFacts(i > 0 ? args[i + 1] : '', process.env)
  return b ? [`#0 building with "${b.builder}" instance using ${b.driver} driver`, ''] : []
}

const PLAIN = '--progress=plain'
const RAWJSON = '--progress=rawjson'

/** BuildKit's own start and end of each step (ms since the first started). */
function withTimes(steps: Vertex[], times: Map<string, { startMs: number; endMs?: number }>): void {
  for (const s of steps) {
    const t = times.get(s.id)
    if (!t) continue
    s.startMs = t.startMs
    s.endMs = t.endMs
    s.exact = true
  }
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
