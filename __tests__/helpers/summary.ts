// What the summary's unit tests share: a build's summary from a captured log, and a log with the time
// each of its lines arrived.
import { readFileSync } from 'node:fs'
import { parseProgress, summarize } from '../../build/progress.js'
import type { BuildSummary } from '../../build/summary/summary-plan.js'
import { fixture } from './build.js'

/** sid-timed.tsv: `<ms since start>\t<line>` as the build step records them. */
export function timed(name: string): { lines: string[]; times: number[] } {
  const rows = readFileSync(new URL(`../fixtures/progress/${name}.tsv`, import.meta.url), 'utf8')
    .replace(/\n$/, '')
    .split('\n')
    .map(r => r.split('\t'))
  return { lines: rows.map(r => r.slice(1).join('\t')), times: rows.map(r => Number(r[0])) }
}

export function buildSummary(log: string, o: Partial<BuildSummary> = {}): BuildSummary {
  const steps = parseProgress(fixture(log))
  return {
    report: {
      image: 'localhost:5556/app:1',
      platforms: ['linux/amd64'],
      digest: 'sha256:' + 'a'.repeat(64),
      durationMs: 4200,
      cache: summarize(steps),
      read: [{ type: 'registry', attrs: { ref: 'localhost:5556/app:buildcache' } }],
      written: []
    },
    tags: ['localhost:5556/app:1'],
    steps,
    inputs: [['tags', 'localhost:5556/app:1']],
    ...o
  }
}
