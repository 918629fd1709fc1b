import { readFileSync } from 'node:fs'
import { parseProgress, summarize } from '../build/progress.js'
import { parseCacheEntry } from '../build/cache/entries.js'
import type { Command, Result, RunOptions } from '../lib/exec.js'
import {
  cacheLabel,
  cacheOutputs,
  reportLine,
  summaryRow,
  summaryTable,
  type BuildReport
} from '../build/report.js'
import { markLazyCacheLoads, printGrouped, runBuild } from '../build/engine/log.js'
import { workflowCommands } from '../test-support/runner.mjs'

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/progress/${name}.txt`, import.meta.url), 'utf8')

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
    expect(summaryRow(report())).toEqual([
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
    expect(summaryRow(report({ image: 'a<b>' }))[0]).toBe('a&lt;b&gt;')
  })
  test('the table: header and row', () => {
    expect(summaryTable(report({ read: [], written: [] }))).toBe(
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

describe('build log', () => {
  const fake =
    (text: string, code = 0) =>
    async (c: Command, o: RunOptions): Promise<Result> => {
      expect(c.cmd).toBe('docker')
      for (const l of text.split('\n')) o.onLine?.(l, 'stderr')
      return { code, stdout: '', stderr: text }
    }
  const evil = '#9 ::error::from the Dockerfile'

  test('plain: streamed inside stop-commands, parsed into steps', async () => {
    const printed: string[] = []
    const text = `${fixture('sid-warm')}\n${evil}`
    const r = await runBuild(['buildx', 'build'], 'plain', l => printed.push(l), fake(text))
    expect(printed[0]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/)
    expect(printed.at(-1)).toBe(`::${printed[0].slice('::stop-commands::'.length)}::`)
    expect(printed.slice(1, -1)).toEqual(text.split('\n'))
    expect(workflowCommands(printed.join('\n'))).toEqual([])
    expect(summarize(r.steps).hits).toBe(4)
    expect(r.code).toBe(0)
  })

  test('grouped: one group per step in step order, after the build; error summary last', async () => {
    const printed: string[] = []
    const text = `${fixture('trixie-error')}\n${evil}`
    const r = await runBuild(['buildx', 'build'], 'grouped', l => printed.push(l), fake(text, 1))
    expect(r.code).toBe(1)
    const commands = workflowCommands(printed.join('\n'))
    const groups = commands.filter(c => c.command === 'group').map(c => c.message)
    expect(groups).toEqual(r.steps.map(s => expect.stringContaining(`${s.id} ${s.name}`)))
    expect(commands.filter(c => c.command === 'endgroup')).toHaveLength(groups.length)
    expect(commands.filter(c => !['group', 'endgroup'].includes(c.command))).toEqual([])
    expect(groups.some(g => / \(ERROR\)$|ERROR/.test(g))).toBe(true)
    // The lines after the groups: buildx's error summary, guarded too.
    expect(printed.join('\n')).toMatch(
      /::endgroup::\n::stop-commands::[^\n]+\n[\s\S]*ERROR: [\s\S]*\n::[0-9a-f-]{36}::$/
    )
  })

  test('grouped titles are escaped', () => {
    const printed: string[] = []
    printGrouped(
      [{ id: '#1', name: '[1/2] RUN echo 100%', cached: true, lines: ['x'] }],
      [],
      l => printed.push(l),
      't'
    )
    expect(printed).toEqual([
      '::group::#1 [1/2] RUN echo 100%25 (CACHED)',
      '::stop-commands::t',
      'x',
      '::t::',
      '::endgroup::'
    ])
  })
})

describe('markLazyCacheLoads', () => {
  // trixie (Docker 26.1), an emulated arm64 leg rebuilt from a registry cache after `buildx prune -af`.
  const H1 = '416bc3f235906a49a161ad7d77ee12eb170690f41bfc177a9de78cf458da727c'
  const H2 = '22bcbe33c9b69136bb9f5340b57fbcea35d6caed44f23e21f710149f407c64e5'
  const log = [
    '#7 [2/5] RUN echo "deps" > /deps && sleep 1',
    '#7 CACHED',
    '',
    '#8 [3/5] RUN echo "more deps" >> /deps && sleep 1',
    `#8 extracting sha256:${H1} done`,
    `#8 extracting sha256:${H2}`,
    `#8 extracting sha256:${H2} 0.0s done`,
    '#8 DONE 0.0s',
    '',
    '#9 [4/5] COPY app.txt /app.txt',
    '#9 DONE 0.0s',
    '',
    '#10 [5/5] RUN cat /app.txt > /built',
    '#10 0.151 v2',
    '#10 DONE 0.2s'
  ]
  test('a step whose only lines pull its cached layers is a hit', () => {
    const steps = markLazyCacheLoads(parseProgress(log))
    expect(steps.map(s => [s.id, s.cached])).toEqual([
      ['#7', true],
      ['#8', true],
      ['#9', false],
      ['#10', false]
    ])
    expect(summarize(steps)).toMatchObject({ hits: 2, misses: 2 })
  })
  test('a step that printed its own output ran', () => {
    const ran = [...log.slice(3, 7), '#8 0.120 hello', '#8 DONE 1.1s']
    expect(markLazyCacheLoads(parseProgress(ran))[0].cached).toBe(false)
  })
  test('a failed step is never a hit', () => {
    const failed = [...log.slice(3, 5), '#8 ERROR: process did not complete successfully']
    expect(markLazyCacheLoads(parseProgress(failed))[0].cached).toBe(false)
  })
})
