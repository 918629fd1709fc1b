// What the e2e cache tests read from a build: a workspace whose source can change under two cacheable
// dependency steps, and which Dockerfile steps buildx printed as cached or run.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StepResult } from '../../test-support/runner.mjs'

/** Two expensive dependency steps, then the source: a source-only change leaves the first two cacheable. */
export function cacheWorkspace(
  baseImage: string,
  nonce: string
): { dir: string; change: (v: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ws-cache-'))
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      `FROM ${baseImage}`,
      `RUN echo "deps ${nonce}" > /deps && sleep 1`,
      `RUN echo "more deps ${nonce}" >> /deps && sleep 1`,
      'COPY app.txt /app.txt',
      'RUN cat /app.txt > /built'
    ].join('\n') + '\n'
  )
  const change = (v: string) => writeFileSync(join(dir, 'app.txt'), `${v}\n`)
  change('v1')
  return { dir, change }
}

// A cached step BuildKit had to load (its layers pulled for the next step) prints the extraction
// and DONE instead of CACHED; it ran nothing (build/log.ts markLazyCacheLoads).
export const LOADED = (id: string) =>
  new RegExp(`^#${id} [^\\n]*\\n(#${id} extracting sha256:[^\\n]*\\n)+#${id} DONE`, 'm')

/** Dockerfile instruction steps (not FROM) as buildx printed them: CACHED (or loaded), or run to DONE/ERROR. */
export function printed(stdout: string): { cached: number; executed: number } {
  const ids = new Set<string>()
  for (const m of stdout.matchAll(/^#(\d+) \[[^\]]*\d+\/\d+\] ([A-Z]+)/gm)) if (m[2] !== 'FROM') ids.add(m[1])
  let cached = 0
  let executed = 0
  for (const id of ids) {
    if (new RegExp(`^#${id} CACHED$`, 'm').test(stdout) || LOADED(id).test(stdout)) cached++
    else if (new RegExp(`^#${id} (DONE|ERROR)`, 'm').test(stdout)) executed++
  }
  return { cached, executed }
}

export const depsCached = (stdout: string) => {
  for (const step of ['[2/5] RUN echo "deps', '[3/5] RUN echo "more deps']) {
    const id = new RegExp(`^#(\\d+) ${step.replace(/[[\]/]/g, '\\$&')}`, 'm').exec(stdout)?.[1]
    expect([
      step,
      id && (new RegExp(`^#${id} CACHED$`, 'm').test(stdout) || LOADED(id).test(stdout))
    ]).toEqual([step, true])
  }
}

/** The outputs are the counts buildx printed; the deps are cached, the changed source ran. */
export function expectWarmReport(r: StepResult) {
  expect(r.errors).toEqual([])
  expect(r.code).toBe(0)
  depsCached(r.stdout)
  const p = printed(r.stdout)
  expect(p).toEqual({ cached: 2, executed: 2 })
  expect([r.outputs['cache-hits'], r.outputs['cache-misses']]).toEqual([String(p.cached), String(p.executed)])
  expect(r.outputs['cache-hit-ratio']).toBe('0.5')
  expect(r.summary).toContain('<td>2/4 (50%)')
}

/** The job summary table's `cache written` cell ('–' when nothing was written). */
export function writtenCell(summary: string): string | undefined {
  const header = [...summary.matchAll(/<th>(.*?)<\/th>/g)].map(m => m[1])
  const row = [...summary.matchAll(/<td>(.*?)<\/td>/g)].map(m => m[1])
  return row[header.indexOf('cache written')]
}
