import { groupedLog, parseProgress, vertexKind, summarize } from '../../build/progress.js'
import { fixture } from '../helpers/build.js'

const names = (text: string) =>
  parseProgress(text)
    .filter(s => vertexKind(s.name) === 'instruction')
    .map(s => /^\[[^\]]+\] [A-Z]+/.exec(s.name)![0])

describe.each(['trixie', 'sid'])('%s engine', suite => {
  test('cold build: every instruction ran, none cached', () => {
    const steps = parseProgress(fixture(`${suite}-cold`))
    const s = summarize(steps)
    expect(s).toMatchObject({ hits: 0, misses: 6, total: 6, ratio: 0 })
    expect(s.executedMs).toBeGreaterThanOrEqual(1000) // the RUN with sleep 1
    const run = steps.find(st => st.name.startsWith('[deps 2/4] RUN'))!
    expect(run.cached).toBe(false)
    expect(run.durationMs).toBeGreaterThanOrEqual(1000)
    expect(run.lines).toEqual([expect.stringMatching(/^\d+\.\d{3} installing dependencies$/)])
  })

  test('warm build after a source-only change: the dependency steps are hits', () => {
    const steps = parseProgress(fixture(`${suite}-warm`))
    const s = summarize(steps)
    expect(s).toMatchObject({ hits: 4, misses: 2, total: 6 })
    expect(s.ratio).toBeCloseTo(4 / 6)
    const cached = steps.filter(st => st.cached && vertexKind(st.name) === 'instruction').map(st => st.name)
    expect(cached).toEqual(
      expect.arrayContaining([
        '[deps 2/4] RUN echo "NONCE" > /nonce && sleep 1 && echo "installing dependencies"'
      ])
    )
    expect(cached.some(n => n.includes('COPY src/'))).toBe(false)
    const copy = steps.find(st => st.name === '[stage-1 3/4] COPY src/ /src/')!
    expect(copy).toMatchObject({ cached: false, durationMs: 0 })
  })

  test('steps come in the order they first appear; a vertex printed twice is one step', () => {
    const steps = parseProgress(fixture(`${suite}-cold`))
    const ids = steps.map(s => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(steps[0]).toMatchObject({ id: '#1', name: '[internal] load build definition from Dockerfile' })
    expect(names(fixture(`${suite}-cold`))).toEqual([
      '[deps 2/4] RUN',
      '[deps 3/4] COPY',
      '[deps 4/4] RUN',
      '[stage-1 2/4] COPY',
      '[stage-1 3/4] COPY',
      '[stage-1 4/4] RUN'
    ])
    const ctx = steps.find(s => s.name === '[internal] load build context')!
    expect(ctx.lines).toEqual([expect.stringMatching(/^transferring context: \d+B( [\d.]+s)? done$/)])
  })

  test('a failed RUN: error, output kept, counted as a miss', () => {
    const steps = parseProgress(fixture(`${suite}-error`))
    const run = steps.find(s => s.name.startsWith('[2/2] RUN'))!
    expect(run.error).toBe(
      'process "/bin/sh -c echo \\"NONCE\\" && echo about to fail && exit 3" did not complete successfully: exit code: 3'
    )
    expect(run.lines.map(l => l.replace(/^[\d.]+ /, ''))).toEqual(['NONCE', 'about to fail'])
    expect(summarize(steps)).toMatchObject({ hits: 0, misses: 1, total: 1 })
  })

  test('FROM is neither hit nor miss, even when CACHED', () => {
    const steps = parseProgress(fixture(`${suite}-error`))
    const from = steps.find(s => s.name.startsWith('[1/2] FROM'))!
    expect(from.cached).toBe(true)
    expect(vertexKind(from.name)).toBe('from')
  })

  test('a failed cache export is an ERROR on the export vertex, with the registry body appended', () => {
    const steps = parseProgress(fixture(`${suite}-cache-export-400`))
    const exp = steps.find(s => s.name === 'exporting cache to registry')!
    expect(exp.error).toMatch(/^error writing manifest blob: .*manifests\/buildcache: 400 Bad Request/)
    if (suite === 'sid') expect(exp.error!.split('\n')[1]).toBe('unknown: manifest invalid')
    expect(exp.error).not.toContain('------')
  })

  test('internal vertices are not counted', () => {
    const steps = parseProgress(fixture(`${suite}-cache-export-failed`))
    expect(summarize(steps)).toMatchObject({ hits: 6, misses: 0, ratio: 1, executedMs: 0 })
  })
})

describe('an error on a non-step vertex', () => {
  test('export failure is attached to "exporting to image", build steps unaffected', () => {
    const steps = parseProgress(fixture('trixie-export-error'))
    expect(steps.find(s => s.name === 'exporting to image')!.error).toMatch(
      /^failed to prepare extraction snapshot/
    )
    expect(summarize(steps)).toMatchObject({ hits: 4, misses: 2 })
  })
})

describe('format variants', () => {
  test('older BuildKit: output without elapsed-time prefix, a digest line, CRLF', () => {
    const text = [
      '#4 [2/3] RUN make',
      '#4 sha256:' + 'a'.repeat(64),
      '#4 compiling',
      '#4 linking',
      '#4 DONE 12.3s',
      '',
      '#5 [3/3] COPY out /out',
      '#5 CACHED'
    ].join('\r\n')
    const steps = parseProgress(text)
    expect(steps).toEqual([
      { id: '#4', name: '[2/3] RUN make', cached: false, durationMs: 12300, lines: ['compiling', 'linking'] },
      { id: '#5', name: '[3/3] COPY out /out', cached: true, lines: [] }
    ])
  })
  test('interleaved output with "..." continuations', () => {
    const steps = parseProgress([
      '#6 [a 2/2] RUN one',
      '#6 0.1 first',
      '#7 [b 2/2] RUN two',
      '#7 0.2 other',
      '#6 ...',
      '',
      '#6 [a 2/2] RUN one',
      '#6 0.3 second',
      '#6 DONE 0.4s',
      '#7 DONE 0.5s'
    ])
    expect(steps.map(s => [s.id, s.lines, s.durationMs])).toEqual([
      ['#6', ['0.1 first', '0.3 second'], 400],
      ['#7', ['0.2 other'], 500]
    ])
  })
  test('an output line that repeats the name within its own block is output', () => {
    const steps = parseProgress(['#3 [1/2] RUN echo x', '#3 [1/2] RUN echo x', '#3 DONE 0.1s'])
    expect(steps[0].lines).toEqual(['[1/2] RUN echo x'])
  })
  test('CANCELED steps are not counted', () => {
    const steps = parseProgress([
      '#3 [1/2] RUN sleep 100',
      '#3 CANCELED',
      '#4 [2/2] RUN true',
      '#4 DONE 0.1s'
    ])
    expect(steps[0].canceled).toBe(true)
    expect(summarize(steps)).toMatchObject({ hits: 0, misses: 1, total: 1, executedMs: 100 })
  })
  test('the #0 banner and the error summary are not steps', () => {
    const steps = parseProgress([
      '#0 building with "default" instance',
      '------',
      ' > [2/2] RUN x:',
      '------',
      'ERROR: failed'
    ])
    expect(steps).toEqual([])
  })
})

describe('vertexKind', () => {
  test.each([
    ['[2/3] RUN make', 'instruction'],
    ['[stage-1 2/5] COPY --from=deps /a /b', 'instruction'],
    ['[linux/arm64 deps 3/4] RUN make', 'instruction'],
    ['[build 1/1] ADD https://example.com/x /x', 'instruction'],
    ['[1/2] FROM docker.io/library/alpine:3.20@sha256:abc', 'from'],
    ['[linux/amd64 stage-1 1/4] FROM busybox', 'from'],
    ['[internal] load build definition from Dockerfile', 'internal'],
    ['[internal] load metadata for docker.io/library/alpine:3.20', 'internal'],
    ['[internal] load .dockerignore', 'internal'],
    ['[internal] load build context', 'internal'],
    ['[auth] library/alpine:pull token for registry-1.docker.io', 'internal'],
    ['exporting to image', 'internal'],
    ['exporting cache to registry', 'internal'],
    ['importing cache manifest from ghcr.io/a/b:buildcache', 'internal'],
    ['resolve image config for docker-image://docker.io/docker/dockerfile:1', 'internal'],
    ['[context foo] load from client', 'internal']
  ])('%s → %s', (name, kind) => expect(vertexKind(name)).toBe(kind))
})

describe('summarize', () => {
  test('no cacheable steps: ratio 0 with total 0', () => {
    expect(summarize([])).toEqual({ hits: 0, misses: 0, total: 0, ratio: 0, executedMs: 0 })
  })
  test('a step that never finished is not counted', () => {
    expect(summarize(parseProgress(['#3 [1/1] RUN x']))).toMatchObject({ total: 0 })
  })
})

describe('groupedLog', () => {
  test('one group per step in order, with state and time in the title', () => {
    const groups = groupedLog(parseProgress(fixture('trixie-error')))
    expect(groups.map(g => g.title)).toEqual([
      '#1 [internal] load build definition from Dockerfile.fail (0.0s)',
      '#2 [internal] load metadata for localhost:5555/busybox:latest (0.1s)',
      '#3 [internal] load .dockerignore (0.0s)',
      '#4 [1/2] FROM localhost:5555/busybox:latest@sha256:219ea56ff23eef6191ca83f5a5d7031d06a43b9b0b0a325789a1596e8200b703 (CACHED)',
      '#5 [2/2] RUN echo "NONCE" && echo about to fail && exit 3 (ERROR)'
    ])
    expect(groups[4].lines.at(-1)).toMatch(/^ERROR: process .* exit code: 3$/)
    expect(groups[4].lines).toHaveLength(3)
  })
  test('a multi-line error becomes several lines', () => {
    const g = groupedLog(parseProgress(fixture('sid-cache-export-400'))).find(x => x.title.startsWith('#13'))!
    expect(g.title).toBe('#13 exporting cache to registry (ERROR)')
    expect(g.lines.slice(-2)).toEqual([
      expect.stringMatching(/^ERROR: error writing manifest blob/),
      'unknown: manifest invalid'
    ])
  })
})
