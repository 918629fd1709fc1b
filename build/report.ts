// The cache report of one build: its outputs (cache-hits, cache-misses, cache-hit-ratio), its line in the
// log, and what build/summary's table of it reads (image, platform, digest, duration, steps cached/total,
// cache refs read/written).
import type { Runner } from '../lib/runtime.js'
import { summarize, type CacheSummary } from './progress.js'
import type { Built } from './model.js'
import type { BuildInputs, CacheEntry } from './model.js'

export interface BuildReport {
  image: string
  platforms: string[]
  digest: string
  durationMs: number
  cache: CacheSummary
  read: CacheEntry[]
  written: CacheEntry[]
  /** Caches read that are not there yet (a first build): their refs. */
  noCache?: string[]
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

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`

/** One line for the log. */
export function reportLine(r: BuildReport): string {
  const c = r.cache
  const none = r.noCache?.length ? `; no cache yet at ${r.noCache.join(', ')} (a first build)` : ''
  return `cache: ${c.hits} of ${c.total} build steps cached, ${c.misses} run (${seconds(c.executedMs)})${none}; build took ${seconds(r.durationMs)}`
}

/** What one build did, as the log line and the job summary report it. */
export const buildReport = (inputs: BuildInputs, built: Built, digest: string): BuildReport => ({
  image: inputs.tags[0] ?? '',
  platforms: inputs.platforms,
  digest,
  durationMs: built.run.durationMs,
  cache: summarize(built.run.vertices),
  read: built.read,
  written: built.written,
  noCache: built.run.vertices.flatMap(v => (v.noCache ? [v.noCache] : []))
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
