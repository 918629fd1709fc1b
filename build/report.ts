// The cache report of one build: outputs (cache-hits, cache-misses, cache-hit-ratio) and a job
// summary table (image, platform, digest, duration, steps cached/total, cache refs read/written), which
// build/summary puts in the build's summary.
import type { CacheEntry } from './cache/entries.js'
import type { Runner } from '../lib/runtime.js'
import { summarize, type CacheSummary } from './progress.js'
import type { BuildInputs } from './inputs/read.js'
import type { Built } from './model.js'

export interface BuildReport {
  image: string
  platforms: string[]
  digest: string
  durationMs: number
  cache: CacheSummary
  read: CacheEntry[]
  written: CacheEntry[]
}

export function cacheOutputs(
  s: CacheSummary
): Record<'cache-hits' | 'cache-misses' | 'cache-hit-ratio', string> {
  return {
    'cache-hits': String(s.hits),
    'cache-misses': String(s.misses),
    'cache-hit-ratio': s.total === 0 ? '0' : String(Math.round(s.ratio * 1000) / 1000)
  }
}

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

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const list = (entries: CacheEntry[]) =>
  entries.length ? entries.map(e => html(cacheLabel(e))).join('<br>') : '–'

/** The summary row: cells as HTML (the job summary renders them so). */
export function summaryRow(r: BuildReport): string[] {
  const c = r.cache
  const cached =
    c.total === 0
      ? '0/0'
      : `${c.hits}/${c.total} (${Math.round(c.ratio * 100)}%)` +
        (c.misses ? `, ${seconds(c.executedMs)} run` : '')
  return [
    html(r.image || '(untagged)'),
    html(r.platforms.join(', ') || 'default'),
    r.digest ? `<code>${html(r.digest)}</code>` : '–',
    seconds(r.durationMs),
    cached,
    list(r.read),
    list(r.written)
  ]
}

/** The job summary table of this build: the header and its row, as @actions/core's summary writes tables. */
export function summaryTable(r: BuildReport): string {
  const row = (cells: string[], tag: 'th' | 'td') =>
    `<tr>${cells.map(c => `<${tag}>${c}</${tag}>`).join('')}</tr>`
  return `<table>${row(SUMMARY_HEADER, 'th')}${row(summaryRow(r), 'td')}</table>`
}

/** One line for the log. */
export function reportLine(r: BuildReport): string {
  const c = r.cache
  return `cache: ${c.hits} of ${c.total} build steps cached, ${c.misses} run (${seconds(c.executedMs)}); build took ${seconds(r.durationMs)}`
}

/** What one build did, as the log line and the job summary report it. */
export const buildReport = (inputs: BuildInputs, built: Built, digest: string): BuildReport => ({
  image: inputs.tags[0] ?? '',
  platforms: inputs.platforms,
  digest,
  durationMs: built.run.durationMs,
  cache: summarize(built.run.steps),
  read: built.read,
  written: built.written
})

/** The build's outputs and its report line (the job summary is build/summary's, on failure too). */
export function writeReport(log: Runner, inputs: BuildInputs, built: Built, digest: string): void {
  const report = buildReport(inputs, built, digest)
  log.info(reportLine(report))
  log.setOutput('digest', digest)
  log.setOutput('imageid', built.imageid)
  log.setOutput('metadata', JSON.stringify(built.metadata))
  if (inputs.arch) {
    log.setOutput('platform', inputs.arch.platform)
    log.setOutput('arch', inputs.arch.bashbrew)
  }
  if (digest) log.info(`Image digest: ${digest}`)
}
