import { parseProgress, summarize } from '../../build/progress.js'
import { parseCacheEntry } from '../../build/cache/entries.js'
import { cacheOutputs, reportLine, type BuildReport } from '../../build/report.js'
import { cacheLabel, summaryRow, summaryTable } from '../../build/summary/summary-plan.js'
import { fixture } from '../helpers/build.js'

describe('cache outputs', () => {
  test.each(['trixie', 'sid'])('%s: a warm rebuild after a source change', suite => {
    const s = summarize(parseProgress(fixture(`${suite}-warm`)))
    const out = cacheOutputs(s)
    expect(out).toEqual({ 'cache-hits': '4', 'cache-misses': '2', 'cache-hit-ratio': '0.667' })
    // The counts are what buildx printed: CACHED lines of instruction steps, and the steps that ran.
    const text = fixture(`${suite}-warm`)
    const cachedInstructions = [
      ...text.matchAll(/^#(\d+) \[[^\]]*\d+\/\d+\] (?!FROM)[A-Z]+.*\n#\1 CACHED$/gm)
    ]
    expect(cachedInstructions).toHaveLength(4)
  })
  test('nothing cacheable: ratio 0', () =>
    expect(cacheOutputs({ hits: 0, misses: 0, total: 0, ratio: 0, executedMs: 0 })['cache-hit-ratio']).toBe(
      '0'
    ))
  test('all cached', () =>
    expect(cacheOutputs({ hits: 3, misses: 0, total: 3, ratio: 1, executedMs: 0 })).toEqual({
      'cache-hits': '3',
      'cache-misses': '0',
      'cache-hit-ratio': '1'
    }))
})

describe('summary row', () => {
  const report = (o: Partial<BuildReport> = {}): BuildReport => ({
    image: 'ghcr.io/acme/app:1',
    platforms: ['linux/amd64'],
    digest: 'sha256:abc',
    durationMs: 12345,
    cache: { hits: 4, misses: 2, total: 6, ratio: 4 / 6, executedMs: 1500 },
    read: [
      parseCacheEntry('ghcr.io/acme/app:buildcache', 'cache-from'),
      parseCacheEntry('type=gha,scope=x', 'cache-from')
    ],
    written: [parseCacheEntry('type=local,dest=/t/c,mode=max', 'cache-to')],
    ...o
  })
  test('image, platform, digest, duration, steps cached, refs read and written', () => {
    expect(summaryRow(report()).map(String)).toEqual([
      'ghcr.io/acme/app:1',
      'linux/amd64',
      '<code>sha256:abc</code>',
      '12.3s',
      '4/6 (67%), 1.5s run',
      'ghcr.io/acme/app:buildcache<br>gha:x',
      'local:/t/c'
    ])
  })
  test('untagged, default platform, no digest, no cache, nothing cacheable', () => {
    expect(
      summaryRow(
        report({
          image: '',
          platforms: [],
          digest: '',
          read: [],
          written: [],
          cache: { hits: 0, misses: 0, total: 0, ratio: 0, executedMs: 0 }
        })
      )
    ).toEqual(['(untagged)', 'default', '–', '12.3s', '0/0', '–', '–'])
  })
  test('HTML in a value is escaped', () => {
    expect(String(summaryTable(report({ image: 'a<b>' })))).toContain('<td>a&#60;b&#62;</td>')
  })
  test('the table: header and row', () => {
    expect(String(summaryTable(report({ read: [], written: [] })))).toBe(
      '<table><tr><th>image</th><th>platform</th><th>digest</th><th>duration</th><th>steps cached</th><th>cache read</th><th>cache written</th></tr>' +
        '<tr><td>ghcr.io/acme/app:1</td><td>linux/amd64</td><td><code>sha256:abc</code></td><td>12.3s</td><td>4/6 (67%), 1.5s run</td><td>–</td><td>–</td></tr></table>'
    )
  })
  test('one log line', () => {
    expect(reportLine(report())).toBe('cache: 4 of 6 build steps cached, 2 run (1.5s); build took 12.3s')
  })
  test.each([
    ['type=registry,ref=r/a:c', 'r/a:c'],
    ['type=gha', 'gha:buildkit'],
    ['type=gha,scope=s,token=secret', 'gha:s'],
    ['type=local,src=/x', 'local:/x'],
    ['type=s3,bucket=b,name=n,secret_access_key=k,region=r', 's3:b/n'],
    ['type=azblob,name=n,secret_access_key=k,account_url=u', 'azblob:n']
  ])('label of %s: %s, no credentials', (raw, label) =>
    expect(cacheLabel(parseCacheEntry(raw, 'cache-from'))).toBe(label)
  )
  test('label of inline', () => expect(cacheLabel({ type: 'inline', attrs: {} })).toBe('inline'))
})
