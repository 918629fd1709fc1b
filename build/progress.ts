// Parses `buildx build --progress=plain` output into build steps (vertices), for the cache report
// and grouped logs. The format, as BuildKit's plain printer writes it:
//   #5 [deps 2/4] RUN make          a vertex starts (its name; printed again when output resumes)
//   #5 0.123 compiling              output; BuildKit >= 0.11 prefixes the seconds since the step began
//   #5 compiling                    output from older BuildKit (no prefix)
//   #5 resolve docker.io/… 0.1s done   a status line (also output)
//   #5 CACHED | #5 DONE 1.2s | #5 ERROR: … | #5 CANCELED
//   #5 ...                          output of #5 continues after another vertex interrupted it
// Lines not starting with `#` (the error summary after a failure) are not vertex output, except the
// lines that continue an `ERROR:` message (a registry's error body is printed on its own line).
// Plain progress carries no start times; given when each line arrived (ms since the build started),
// each step gets when it appeared and when it ended, for the summary's time chart.

export interface Vertex {
  id: string
  name: string
  cached: boolean
  durationMs?: number
  error?: string
  canceled?: boolean
  lines: string[]
  /** When the step first appeared in the log (ms since the build started), when arrival times are known. */
  startMs?: number
  /** When its DONE, CACHED, ERROR or CANCELED line arrived (ms since the build started). */
  endMs?: number
  /** startMs and endMs are BuildKit's own times (rawjson), not when lines arrived. */
  exact?: boolean
  /** A cache import that found no cache to read (a first build): where it looked. Not an error. */
  noCache?: string
}

/** `instruction`: a Dockerfile instruction that builds (cacheable); `from`: a base image being
 * resolved/pulled, neither a hit nor a miss; `internal`: everything else (context, metadata, export). */
export type VertexKind = 'instruction' | 'from' | 'internal'

// `[2/3] RUN`, `[stage-1 2/5] COPY`, `[linux/arm64 deps 1/4] FROM` (multi-platform builds prefix the platform).
const INSTRUCTION = /^\[(?:[^\]]*\s)?\d+\/\d+\]\s+([A-Za-z]+)/
const LINE = /^#(\d+) (.*)$/
const DIGEST_LINE = /^sha256:[0-9a-f]{64}$/ // very old BuildKit printed the vertex digest first

export function vertexKind(name: string): VertexKind {
  const m = INSTRUCTION.exec(name)
  if (!m) return 'internal'
  return m[1].toUpperCase() === 'FROM' ? 'from' : 'instruction'
}

/** `times[i]`, when given, is when `output`'s line i arrived (ms since the build started). */
export function parseProgress(output: string | string[], times?: number[]): Vertex[] {
  const lines = typeof output === 'string' ? output.split(/\r?\n/) : output
  const steps = new Map<string, Vertex>()
  let last: Vertex | undefined // the vertex of the previous `#` line
  let errorOpen: Vertex | undefined // an ERROR message that may continue on the next lines
  for (const [i, line] of lines.entries()) {
    const at = times?.[i]
    const m = LINE.exec(line)
    if (!m) {
      if (errorOpen && line.trim() !== '' && !line.startsWith('------')) errorOpen.error += `\n${line}`
      else errorOpen = undefined
      if (line.trim() === '') last = undefined
      continue
    }
    errorOpen = undefined
    const [, n, body] = m
    if (n === '0') continue // buildx's "building with … instance" banner, not a vertex
    const id = `#${n}`
    let step = steps.get(id)
    if (!step) {
      step = { id, name: body, cached: false, lines: [] }
      if (at !== undefined) step.startMs = at
      steps.set(id, step)
      last = step
      continue
    }
    const header = last !== step && body === step.name
    last = step
    if (header || body === '...' || DIGEST_LINE.test(body)) continue
    const done = /^DONE \d+(\.\d+)?s$/.test(body)
    if (at !== undefined && (done || body === 'CACHED' || body === 'CANCELED' || body.startsWith('ERROR:')))
      step.endMs = at
    if (body === 'CACHED') step.cached = true
    else if (body === 'CANCELED') step.canceled = true
    else if (done) step.durationMs = Math.round(parseFloat(body.slice(5)) * 1000)
    else if (body.startsWith('ERROR:')) {
      step.error = body.slice(6).trim()
      errorOpen = step
    } else step.lines.push(body)
  }
  return [...steps.values()]
}

export interface CacheSummary {
  hits: number
  misses: number
  /** hits + misses: the cacheable steps that completed. */
  total: number
  /** hits / total; 0 when there was nothing cacheable (total 0 tells the two apart). */
  ratio: number
  /** Time spent in the steps that ran instead of coming from cache. */
  executedMs: number
}

/**
 * Counts Dockerfile instruction steps only: FROM is resolution/pull of a base image, internal
 * vertices (context transfer, metadata, exports) are not build work. A failed step ran, so it is a
 * miss; a canceled one neither ran to completion nor hit, so it is left out.
 */
export function summarize(steps: Vertex[]): CacheSummary {
  let hits = 0
  let misses = 0
  let executedMs = 0
  for (const s of steps) {
    if (vertexKind(s.name) !== 'instruction') continue
    if (s.cached) hits++
    else if (s.durationMs !== undefined || s.error !== undefined) {
      misses++
      executedMs += s.durationMs ?? 0
    }
  }
  const total = hits + misses
  return { hits, misses, total, ratio: total === 0 ? 0 : hits / total, executedMs }
}

export interface LogGroup {
  title: string
  lines: string[]
}

/** One group per step in step order, for `log: grouped` (the caller prints ::group:: around each). */
export function groupedLog(steps: Vertex[]): LogGroup[] {
  return steps.map(s => {
    const state =
      s.error !== undefined
        ? 'ERROR'
        : s.noCache
          ? 'no cache yet'
          : s.cached
            ? 'CACHED'
            : s.canceled
              ? 'CANCELED'
              : undefined
    const time = s.durationMs !== undefined && !s.cached ? `${(s.durationMs / 1000).toFixed(1)}s` : undefined
    const suffix = [state, time].filter(Boolean).join(' ')
    const lines = s.error !== undefined ? [...s.lines, ...`ERROR: ${s.error}`.split('\n')] : s.lines
    return { title: `${s.id} ${s.name}${suffix ? ` (${suffix})` : ''}`, lines }
  })
}

// BuildKit loads a cached step's result lazily, when a later step needs its files: the layers are
// pulled and extracted under that step's id, and the progress update for the extraction (Cached
// unset) replaces the cache hit, so plain progress prints `DONE` instead of `CACHED`:
//   #8 [3/5] RUN make deps
//   #8 extracting sha256:416b… done
//   #8 DONE 0.0s
// A step that ran prints its own output; one whose only lines are such pulls ran nothing: a hit.
const LAZY_LOAD = /^(extracting sha256:[0-9a-f]{64}\b|sha256:[0-9a-f]{64} )/

export function markLazyCacheLoads(steps: Vertex[]): Vertex[] {
  return steps.map(s =>
    !s.cached &&
    s.error === undefined &&
    vertexKind(s.name) === 'instruction' &&
    s.lines.length > 0 &&
    s.lines.every(l => LAZY_LOAD.test(l))
      ? { ...s, cached: true }
      : s
  )
}

// A build's first run reads a registry cache that nobody has written yet. BuildKit marks the import
// failed and builds on without it:
//   #4 importing cache manifest from localhost:5555/app:buildcache
//   #4 ERROR: failed to configure registry cache importer: localhost:5555/app:buildcache: not found
// That is no failure: the step says where it looked (noCache) and has no error.
const CACHE_IMPORT = /^importing cache manifest from (\S+)$/
const NOT_THERE = /: not found$|\bmanifest unknown\b|\bname unknown\b|repository does not exist/i

export function markMissingCache(steps: Vertex[]): Vertex[] {
  return steps.map(s => {
    const ref = CACHE_IMPORT.exec(s.name)?.[1]
    if (!ref || s.error === undefined || !NOT_THERE.test(s.error.split('\n')[0])) return s
    return { ...s, error: undefined, noCache: ref, lines: [...s.lines, `ERROR: ${s.error}`] }
  })
}
