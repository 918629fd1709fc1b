// The job summary's text, pure: one build (status, the cache report table, the failing step and its
// last log lines, the time chart, the inputs), a merge job (the legs it joined), and the build record's
// line (written by the post step). GitHub-flavoured markdown with HTML where the summary needs it, all of
// it made by the summary door (lib/summary-doc.ts), which escapes every value.
import type { Vertex } from '../progress.js'
import type { CacheEntry } from '../model.js'
import { seconds, type BuildReport } from '../report.js'
import { barCounts, gantt, type Gantt } from './gantt.js'
import { mountsSummary, type MountsReport } from '../cache-mounts/report.js'
import { code, doc, fenced, gfm, htmlTable, join, shownInput, type Markup } from '../../lib/summary-doc.js'

export interface BuildSummary {
  report: BuildReport
  tags: string[]
  /** A matrix leg: its arch (bashbrew name) and platform. */
  leg?: { arch: string; platform: string }
  /** Why the step failed (the error it ends with); undefined when it succeeded. */
  error?: string
  steps: Vertex[]
  /** The inputs as given (summaryInputs). */
  inputs: [string, string][]
  /** What cache-mounts restored and saved. */
  mounts?: MountsReport
}

/** Log lines of the failed step shown in the summary. */
export const LAST_LINES = 20

/** The step that failed and its last lines (BuildKit's own error line last). */
export function failedStep(steps: Vertex[]): { name: string; lines: string[] } | undefined {
  const s = steps.find(x => x.error !== undefined)
  if (!s) return undefined
  const lines = [...s.lines.slice(-LAST_LINES), ...`ERROR: ${s.error}`.split('\n')]
  return { name: s.name, lines }
}

const what = (image: string) => code(image || '(untagged)')

export function buildSummaryMarkdown(s: BuildSummary): Markup {
  const r = s.report
  const leg = s.leg ? gfm` — matrix leg ${code(s.leg.arch)} (${s.leg.platform})` : ''
  const out: Markup[] = [
    s.error === undefined
      ? gfm`### ✅ ${what(r.image)} built${leg}`
      : gfm`### ❌ ${what(r.image)} failed${leg}`,
    summaryTable(r)
  ]
  if (s.tags.length > 1) out.push(gfm`Tags: ${join(s.tags.map(code), ', ')}`)
  if (s.mounts) out.push(mountsSummary(s.mounts))
  if (s.error !== undefined) {
    const failed = failedStep(s.steps)
    if (failed) {
      out.push(
        gfm`**Failed step** ${code(failed.name)}, its last log lines:`,
        fenced('text', failed.lines.join('\n'))
      )
      if (!failed.lines.some(l => s.error!.includes(l.replace(/^ERROR: /, ''))))
        out.push(fenced('text', s.error))
    } else out.push(gfm`**Error**`, fenced('text', s.error))
  }
  const chart = gantt(s.steps)
  if (chart)
    out.push(
      gfm`<details open><summary><strong>Build steps on a time axis</strong> (min:s)</summary>`,
      fenced('mermaid', chart.mermaid),
      gfm`<sub>${chartNote(chart)}</sub>`,
      gfm`</details>`
    )
  if (s.inputs.length)
    out.push(
      gfm`<details><summary><strong>Build inputs</strong></summary>`,
      fenced('yaml', yamlLines(s.inputs)),
      gfm`</details>`
    )
  return gfm`${doc(...out)}\n`
}

/** The line under the chart: what its bars are. */
function chartNote(chart: Gantt): string {
  const c = barCounts(chart.bars)
  return [
    `${c.ran} ran`,
    `${c.cached} from the cache (grey)`,
    c.failed ? `${c.failed} failed (red)` : '',
    c.canceled ? `${c.canceled} canceled` : '',
    c.nocache ? `${c.nocache} cache import: no cache yet (a first build)` : '',
    chart.omitted ? `${chart.omitted} short steps left out` : ''
  ]
    .filter(Boolean)
    .join(' · ')
}

/**
 * The inputs the step was given (INPUT_*), as the peer lists them: empty and false ones left out,
 * github-token never, and every secret-bearing input as the summary door shows it (ids only).
 */
export function summaryInputs(env: NodeJS.ProcessEnv): [string, string][] {
  const out: [string, string][] = []
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('INPUT_') || value === undefined) continue
    const name = key.slice(6).toLowerCase()
    const v = value.trim()
    if (!v || v === 'false' || name === 'github-token') continue
    out.push([name, shownInput(name, v)])
  }
  // By code unit: localeCompare would load ICU's collator (about 5 ms) for names that are ASCII.
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** `name: value` lines (a block scalar for several lines, JSON quoting where YAML would misread). */
export function yamlLines(entries: [string, string][]): string {
  return entries
    .map(([k, v]) => {
      if (v.includes('\n'))
        return `${k}: |\n${v
          .split('\n')
          .map(l => `  ${l}`)
          .join('\n')}`
      const plain = /^[A-Za-z0-9_./@=+~$][^\n]*$/.test(v) && !/: | #|\s$/.test(v)
      return `${k}: ${plain ? v : JSON.stringify(v)}`
    })
    .join('\n')
}

export interface MergeSummary {
  image: string
  tags: string[]
  digest: string
  legs: { arch: string; platform: string; digest: string; attempt: string }[]
}

/** The merge job: the index under its tags, and the legs it joined. */
export function mergeSummaryMarkdown(m: MergeSummary): Markup {
  const legs = m.legs.map(l => [l.arch, l.platform, code(l.digest), l.attempt])
  return gfm`${doc(
    gfm`### ✅ ${code(m.image)}: one multi-arch index of ${m.legs.length} legs`,
    htmlTable(['Image', 'Index digest'], [[join(m.tags, '<br>'), code(m.digest)]]),
    gfm`Legs joined:`,
    htmlTable(['arch', 'platform', 'digest', 'run attempt'], legs)
  )}\n`
}

/** What became of the build record (the post step). */
export type RecordOutcome =
  | { kind: 'unsupported'; buildx: string }
  | {
      kind: 'exported'
      file: string
      size: number
      /** The artifact, when uploaded: its id and the number of days it is kept (undefined: the repository's). */
      artifact?: { id: number; retentionDays?: number }
      /** Why it was not uploaded. */
      notUploaded?: string
    }
  | { kind: 'failed'; message: string }

/** Bytes as the peer shows them (1024-based, two decimals). */
export function formatSize(bytes: number): string {
  if (bytes === 0) return '0 Bytes'
  const units = ['Bytes', 'KB', 'MB', 'GB', 'TB']
  const i = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)))
  return `${parseFloat((bytes / 1024 ** i).toFixed(2))} ${units[i]}`
}

/** Why buildx 0.13 gives no record, in one line. */
const NO_HISTORY_EXPORT = gfm`${code('buildx history export')} came with buildx 0.23 (build-push-action falls back to pulling the docker.io/dockereng/export-build image, which this action does not do)`

/**
 * The record's lines under the build's summary. The artifact link is relative to the run's page, as
 * the peer writes it (./<run id>/artifacts/<id>): an absolute URL would be masked when the repository's
 * name is part of a secret.
 */
export function recordMarkdown(image: string, o: RecordOutcome, runId: string): Markup {
  const line = (m: Markup) => gfm`**Build record** of ${what(image)}: ${m}\n`
  if (o.kind === 'unsupported')
    return line(gfm`none, buildx ${o.buildx} has no history export: ${NO_HISTORY_EXPORT}.`)
  if (o.kind === 'failed') return line(gfm`not exported (${o.message}).`)
  const size = formatSize(o.size)
  if (!o.artifact) return line(gfm`${code(o.file)} (${size}), not uploaded: ${o.notUploaded ?? ''}.`)
  const kept = o.artifact.retentionDays ? `, kept ${o.artifact.retentionDays} days` : ''
  const link = gfm`<a href="./${runId}/artifacts/${o.artifact.id}"><strong>${o.file}</strong></a>`
  const how = code(`docker buildx history import --file ${o.file}`)
  return line(
    gfm`${link} (${size}${kept}). Import it into Docker Desktop's Builds view (${how}) for the build's timing, dependencies, logs and traces.`
  )
}

// The cache report's table of one build.

/** Where an entry reads or writes, without credentials: a registry ref, `gha:<scope>`, `local:<dir>`. */
export function cacheLabel(e: CacheEntry): string {
  const a = e.attrs
  switch (e.type) {
    case 'registry':
      return a.ref ?? 'registry'
    case 'gha':
      return `gha:${a.scope ?? 'buildkit'}`
    case 'local':
      return `local:${a.src ?? a.dest ?? ''}`
    case 'inline':
      return 'inline'
    case 's3':
      return `s3:${[a.bucket, a.name ?? a.prefix].filter(Boolean).join('/')}`
    case 'azblob':
      return `azblob:${a.name ?? a.account_url ?? ''}`
  }
}

export const SUMMARY_HEADER = [
  'image',
  'platform',
  'digest',
  'duration',
  'steps cached',
  'cache read',
  'cache written'
]

const list = (entries: CacheEntry[], noCache: string[] = []): Markup | string =>
  entries.length
    ? join(
        entries.map(cacheLabel).map(l => (noCache.includes(l) ? `${l} (no cache yet)` : l)),
        '<br>'
      )
    : '–'

/** The summary row: each cell text (escaped by the table) or markup. */
export function summaryRow(r: BuildReport): (Markup | string)[] {
  const c = r.cache
  const cached =
    c.total === 0
      ? '0/0'
      : `${c.hits}/${c.total} (${Math.round(c.ratio * 100)}%)` +
        (c.misses ? `, ${seconds(c.executedMs)} run` : '')
  return [
    r.image || '(untagged)',
    r.platforms.join(', ') || 'default',
    r.digest ? code(r.digest) : '–',
    seconds(r.durationMs),
    cached,
    list(r.read, r.noCache),
    list(r.written)
  ]
}

/** The job summary table of this build: the header and its row, as @actions/core's summary writes tables. */
export const summaryTable = (r: BuildReport): Markup => htmlTable(SUMMARY_HEADER, [summaryRow(r)])
