// A picture of the build for the job summary: a Mermaid gantt (GitHub renders ```mermaid blocks in job
// summaries) with one bar per build step on a time axis, grouped by stage. Steps taken from the cache are
// `done` (grey), a failed step is `crit` (red), a canceled one `active`; the steps that ran are plain, and
// so is a cache import that found no cache yet (a first build), labelled so.
//
// Times: BuildKit's own start and end of each step, when the build ran with rawjson progress. Else each
// step ends when its DONE/CACHED/ERROR line arrived and, when BuildKit gave its duration, starts that
// long before (else when it first appeared). Without arrival times (a log read back from a
// file) the steps are laid end to end in log order, each as long as BuildKit says.
//
// The axis: `dateFormat HH:mm:ss.SSS` puts the build at midnight of the viewer's own day, so the times
// read the same in every time zone (epoch milliseconds would be shifted by the viewer's UTC offset).
import type { Vertex } from '../progress.js'
import { mermaidLabel } from '../../lib/summary-doc.js'

export type BarState = 'ran' | 'cached' | 'failed' | 'canceled' | 'nocache'

export interface Bar {
  label: string
  section: string
  state: BarState
  startMs: number
  endMs: number
}

/** The Mermaid tags of each state (the rendered bar's class: task0, done0, crit0, active0). */
export const TAGS: Record<BarState, string> = {
  ran: '',
  cached: 'done',
  failed: 'crit',
  canceled: 'active',
  nocache: ''
}

/** More bars than this and the chart keeps the longest, in log order (a note says how many are left out). */
export const MAX_BARS = 80

const ended = (s: Vertex) =>
  s.cached || s.canceled || s.error !== undefined || s.noCache !== undefined || s.durationMs !== undefined

/** The section (the stage, with the platform of a multi-platform build) and the label without it. */
export function sectionOf(name: string): { section: string; label: string } {
  const m = /^\[([^\]]*)\]\s*(.*)$/.exec(name)
  if (!m) return { section: 'BuildKit', label: name }
  const inside = m[1].trim()
  if (/(^|\s)internal$/.test(inside)) return { section: 'BuildKit', label: name }
  const counter = /(?:^|\s)(\d+\/\d+)$/.exec(inside)
  const stage = counter ? inside.slice(0, counter.index).trim() : inside
  return { section: stage || 'Dockerfile', label: counter ? `[${counter[1]}] ${m[2]}` : m[2] }
}

export function ganttBars(steps: Vertex[]): Bar[] {
  const done = steps.filter(ended)
  const timed = done.length > 0 && done.every(s => s.endMs !== undefined)
  let cursor = 0
  const bars = done.map(s => {
    let startMs: number
    let endMs: number
    if (timed) {
      endMs = s.endMs!
      startMs =
        s.exact && s.startMs !== undefined
          ? s.startMs
          : s.durationMs !== undefined
            ? endMs - s.durationMs
            : (s.startMs ?? endMs)
    } else {
      startMs = cursor
      endMs = cursor + (s.cached ? 0 : (s.durationMs ?? 0))
      cursor = endMs
    }
    const state: BarState =
      s.error !== undefined
        ? 'failed'
        : s.noCache !== undefined
          ? 'nocache'
          : s.cached
            ? 'cached'
            : s.canceled
              ? 'canceled'
              : 'ran'
    const named =
      s.noCache !== undefined
        ? { section: 'BuildKit', label: `no cache yet: ${s.noCache}` }
        : sectionOf(s.name)
    return { ...named, state, startMs: Math.max(0, startMs), endMs: Math.max(0, endMs) }
  })
  // Every bar at least 1% of the chart wide, so a cache hit shows as a bar too.
  const total = Math.max(1, ...bars.map(b => b.endMs))
  const min = Math.max(1, Math.round(total / 100))
  for (const b of bars) if (b.endMs - b.startMs < min) b.endMs = b.startMs + min
  return bars
}

// A task line is `label :tags, id, start, end`: its label (and a section's name) goes through the summary
// door's Mermaid escaper. A base image's digest is left out of the label, which it would only fill.
export const chartLabel = (text: string, max?: number): string =>
  mermaidLabel(text.replace(/@sha256:[0-9a-f]{64}/g, ''), max)

/** `HH:mm:ss.SSS` of a time since the build started. */
export function clock(ms: number): string {
  const t = Math.max(0, Math.round(ms))
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(Math.floor(t / 3_600_000) % 24)}:${pad(Math.floor(t / 60_000) % 60)}:${pad(Math.floor(t / 1000) % 60)}.${pad(t % 1000, 3)}`
}

const TICKS: [number, string][] = [
  [100, '100millisecond'],
  [200, '200millisecond'],
  [500, '500millisecond'],
  [1000, '1second'],
  [2000, '2second'],
  [5000, '5second'],
  [10_000, '10second'],
  [15_000, '15second'],
  [30_000, '30second'],
  [60_000, '1minute'],
  [120_000, '2minute'],
  [300_000, '5minute'],
  [600_000, '10minute'],
  [900_000, '15minute'],
  [1_800_000, '30minute'],
  [3_600_000, '1hour']
]

/** A tick every so often that gives at most ten ticks, and the axis labels that suit it. */
export function axis(totalMs: number): { tickInterval: string; axisFormat: string } {
  const [ms, tickInterval] = TICKS.find(([t]) => totalMs / t <= 10) ?? TICKS[TICKS.length - 1]
  const axisFormat = totalMs >= 3_600_000 ? '%H:%M' : ms < 1000 ? '%M:%S.%L' : '%M:%S'
  return { tickInterval, axisFormat }
}

export interface Gantt {
  /** The Mermaid source (without the fence). */
  mermaid: string
  /** The bars as the chart lists them (by section), each with its task id. */
  bars: (Bar & { id: string })[]
  /** Bars left out (more than MAX_BARS). */
  omitted: number
}

/** The chart of a build's steps; undefined when no step ended (nothing to draw). */
export function gantt(steps: Vertex[]): Gantt | undefined {
  let bars = ganttBars(steps)
  if (bars.length === 0) return undefined
  let omitted = 0
  if (bars.length > MAX_BARS) {
    const keep = new Set(
      [...bars].sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs)).slice(0, MAX_BARS)
    )
    omitted = bars.length - MAX_BARS
    bars = bars.filter(b => keep.has(b))
  }
  const { tickInterval, axisFormat } = axis(Math.max(...bars.map(b => b.endMs)))
  const out = [
    'gantt',
    '  dateFormat HH:mm:ss.SSS',
    `  axisFormat ${axisFormat}`,
    `  tickInterval ${tickInterval}`
  ]
  out.push('  todayMarker off')
  const sections = [...new Set(bars.map(b => b.section))]
  const listed: Gantt['bars'] = []
  for (const section of sections) {
    out.push(`  section ${chartLabel(section, 40)}`)
    for (const b of bars.filter(x => x.section === section)) {
      const id = `s${listed.length + 1}`
      listed.push({ ...b, id })
      const tags = [TAGS[b.state], id].filter(Boolean).join(', ')
      out.push(`  ${chartLabel(b.label)} :${tags}, ${clock(b.startMs)}, ${clock(b.endMs)}`)
    }
  }
  return { mermaid: out.join('\n'), bars: listed, omitted }
}

/** Counts per state, for the line under the chart. */
export function barCounts(bars: Bar[]): Record<BarState, number> {
  const c: Record<BarState, number> = { ran: 0, cached: 0, failed: 0, canceled: 0, nocache: 0 }
  for (const b of bars) c[b.state]++
  return c
}
