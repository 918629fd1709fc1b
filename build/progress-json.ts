// `buildx build --progress=rawjson`: BuildKit's SolveStatus stream as JSON objects (one a line from
// buildx 0.2x, indented over several lines from 0.13), read back into the lines `--progress=plain` prints
// and into each vertex's exact start and end. The JSON carries, per message:
//   vertexes [{digest, name, started, completed, cached, error}]   a vertex may start again (restart)
//   statuses [{id, vertex, current, total, started, completed}]     `#N transferring context: 2B done`
//   logs     [{vertex, stream, data (base64), timestamp}]            `#N 0.148 output`
//   warnings [{vertex, short (base64), detail, url, sourceInfo, range}]  build checks, printed at the end
// Lines outside the JSON (buildx's own error and the Dockerfile excerpt after a failed build) pass as
// they are. Pure: the caller feeds lines and prints what comes out.

export interface VertexTimes {
  /** ms since the first vertex started. */
  startMs: number
  endMs?: number
}

interface Vtx {
  /** `#N` in the plain log: numbered when first printed, as the plain printer does (0: not yet). */
  index: number
  name: string
  started?: string
  completed?: string
  firstStarted?: string
  lastCompleted?: string
  cached?: boolean
  error?: string
  /** The end already printed (DONE, CACHED, ERROR, CANCELED). */
  ended: boolean
  /** Output not yet ended by a newline. */
  partial: string
  /** The last lines of output, for the error block after the build. */
  tail: string[]
}

interface SolveStatus {
  vertexes?: {
    digest: string
    name?: string
    started?: string
    completed?: string
    cached?: boolean
    error?: string
  }[]
  statuses?: {
    id: string
    vertex: string
    current?: number
    total?: number
    started?: string
    completed?: string
  }[]
  logs?: { vertex: string; data?: string; timestamp?: string }[]
  warnings?: { vertex?: string; short?: string }[]
}

/** An RFC 3339 time with up to nanoseconds, as ms since the epoch (fractions kept). */
export function isoMs(t: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t)
  if (!m) return Date.parse(t)
  return Date.parse(`${m[1]}${m[3]}`) + Number(`0.${m[2] ?? '0'}`) * 1000
}

/** Bytes as BuildKit's plain printer writes them (units.Bytes, `%.2f`): 128B, 2.05kB, 1.10MB. */
export function plainBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return i === 0 ? `${n}B` : `${v.toFixed(2)}${units[i]}`
}

/** Seconds before an output line, as BuildKit prints them: 3 decimals under 10 s, 2 under 100, else 1. */
const elapsed = (s: number) => s.toFixed(s < 10 ? 3 : s < 100 ? 2 : 1)

const ERROR_TAIL = 10
const CANCELED = 'context canceled'

/** BuildKit's image and OCI exporters' status once an index is written (exporter/containerimage). */
const INDEX_EXPORTED = /^exporting manifest list (sha256:[0-9a-f]{64})$/

export class RawProgress {
  readonly #byDigest = new Map<string, Vtx>()
  #current: Vtx | undefined
  #json: string[] = []
  #printed = 0
  #tailPrinted = false
  /** Build-check warnings (`Rule: message (line N)`), printed once the progress ends. */
  #warnings: string[] = []
  readonly print: (line: string) => void
  /** Called once the image exporter has written an index (`exporting manifest list <digest>`): the
   * digest a single-platform build with attestations pushes, known before buildx pushes it. */
  readonly #onIndex?: (digest: string) => void
  constructor(print: (line: string) => void, onIndex?: (digest: string) => void) {
    // An error with a registry's body prints over several lines, each a line of the log.
    this.print = text => text.split('\n').forEach(l => print(l))
    this.#onIndex = onIndex
  }

  /** One line of buildx's output. */
  line(line: string): void {
    if (this.#json.length || line.startsWith('{')) {
      this.#json.push(line)
      // One object a line, or an indented one that ends with `}` at the start of a line.
      if (this.#json.length === 1 ? !line.endsWith('}') : line !== '}') return
      let status: SolveStatus
      try {
        status = JSON.parse(this.#json.join('\n')) as SolveStatus
      } catch {
        if (line !== '}') return
        this.#json.forEach(l => this.print(l))
        this.#json = []
        return
      }
      this.#json = []
      this.#status(status)
      return
    }
    this.#errorTails()
    this.print(line)
  }

  /** The stream ended: any half-read object as text, the error blocks if not printed yet. */
  end(): void {
    this.#json.forEach(l => this.print(l))
    this.#json = []
    for (const v of this.#byDigest.values()) this.#flushPartial(v)
    this.#errorTails()
    // As buildx prints them after a build with plain progress (it does not with rawjson).
    const n = this.#warnings.length
    if (n) {
      this.print(`${n} warning${n > 1 ? 's' : ''} found (use docker --debug to expand):`)
      this.#warnings.forEach(w => this.print(` - ${w}`))
    }
    this.#warnings = []
  }

  /** Each vertex's start and end, by its plain-log id (`#N`), relative to the first start. */
  times(): Map<string, VertexTimes> {
    const all = [...this.#byDigest.values()].filter(v => v.index)
    const t0 = Math.min(...all.filter(v => v.firstStarted).map(v => isoMs(v.firstStarted!)))
    const out = new Map<string, VertexTimes>()
    for (const v of all)
      if (v.firstStarted)
        out.set(`#${v.index}`, {
          startMs: isoMs(v.firstStarted) - t0,
          endMs: v.lastCompleted ? isoMs(v.lastCompleted) - t0 : undefined
        })
    return out
  }

  #status(s: SolveStatus): void {
    // The last entry of a vertex in a message is its state (an earlier one may be a finished run
    // before a restart).
    const latest = new Map<string, NonNullable<SolveStatus['vertexes']>[number]>()
    for (const e of s.vertexes ?? []) latest.set(e.digest, e)
    for (const e of latest.values()) {
      let v = this.#byDigest.get(e.digest)
      if (!v) {
        v = { index: 0, name: e.name ?? '', ended: false, partial: '', tail: [] }
        this.#byDigest.set(e.digest, v)
      }
      if (e.name) v.name = e.name
      if (e.started && (!v.firstStarted || isoMs(e.started) < isoMs(v.firstStarted)))
        v.firstStarted = e.started
      if (e.completed) v.lastCompleted = e.completed
      if (!e.completed) v.ended = false // started (again): its end is still to print
      Object.assign(v, { started: e.started, completed: e.completed, cached: e.cached, error: e.error })
      if (e.started || e.completed || e.cached) this.#show(v)
    }
    for (const st of s.statuses ?? []) {
      const index = st.completed ? INDEX_EXPORTED.exec(st.id)?.[1] : undefined
      if (index) this.#onIndex?.(index)
      const v = this.#byDigest.get(st.vertex)
      if (!v || !st.completed) continue
      this.#show(v)
      const bytes = st.total
        ? ` ${plainBytes(st.current ?? 0)} / ${plainBytes(st.total)}`
        : st.current
          ? ` ${plainBytes(st.current)}`
          : ''
      const secs = st.started ? (isoMs(st.completed) - isoMs(st.started)) / 1000 : 0
      this.print(`#${v.index} ${st.id}${bytes}${secs > 0.01 ? ` ${secs.toFixed(1)}s` : ''} done`)
    }
    for (const l of s.logs ?? []) {
      const v = this.#byDigest.get(l.vertex)
      if (!v) continue
      this.#show(v)
      const at = v.started && l.timestamp ? (isoMs(l.timestamp) - isoMs(v.started)) / 1000 : undefined
      const parts = (v.partial + Buffer.from(l.data ?? '', 'base64').toString('utf8')).split('\n')
      v.partial = parts.pop()!
      for (const p of parts) this.#output(v, p, at)
    }
    for (const e of latest.values()) {
      const v = this.#byDigest.get(e.digest)!
      if (v.completed && !v.ended) this.#end(v)
    }
    for (const w of s.warnings ?? []) {
      const short = Buffer.from(w.short ?? '', 'base64').toString('utf8')
      if (short && !this.#warnings.includes(short)) this.#warnings.push(short)
    }
  }

  #output(v: Vtx, text: string, at?: number): void {
    const line = at === undefined ? text : `${elapsed(Math.max(0, at))} ${text}`
    this.print(`#${v.index} ${line}`)
    v.tail.push(line)
    if (v.tail.length > ERROR_TAIL) v.tail.shift()
  }

  #flushPartial(v: Vtx): void {
    if (v.partial) this.#output(v, v.partial)
    v.partial = ''
  }

  /** Make `v` the vertex being printed: `#old ...` for one left unfinished, a blank line, its name. */
  #show(v: Vtx): void {
    if (this.#current === v) return
    const old = this.#current
    if (old && !old.ended) this.print(`#${old.index} ...`)
    if (this.#printed) this.print('')
    if (!v.index) v.index = ++this.#printed
    this.print(`#${v.index} ${v.name}`)
    this.#current = v
  }

  #end(v: Vtx): void {
    this.#show(v)
    this.#flushPartial(v)
    if (v.error)
      this.print(v.error.endsWith(CANCELED) ? `#${v.index} CANCELED` : `#${v.index} ERROR: ${v.error}`)
    else if (v.cached) this.print(`#${v.index} CACHED`)
    else {
      const secs = v.started ? (isoMs(v.completed!) - isoMs(v.started)) / 1000 : undefined
      this.print(`#${v.index} DONE${secs === undefined ? '' : ` ${secs.toFixed(1)}s`}`)
    }
    v.ended = true
    this.#current = undefined
  }

  /** After the progress, as the plain printer: each failed vertex's last output between `------` lines. */
  #errorTails(): void {
    if (this.#tailPrinted || this.#byDigest.size === 0) return
    this.#tailPrinted = true
    for (const v of this.#byDigest.values()) {
      if (!v.error || v.error.endsWith(CANCELED)) continue
      this.print('------')
      this.print(` > ${v.name}:`)
      v.tail.forEach(l => this.print(l))
      this.print('------')
    }
  }
}
