import { jest } from '@jest/globals'
// buildx's rawjson progress, captured on both engines (fixtures/progress/<suite>-{first,error}.rawjson:
// buildx 0.13 indents each JSON object over several lines, 0.29 writes one a line), read back into the
// plain log and BuildKit's own step times.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isoMs, plainBytes, RawProgress } from '../../build/progress-json.js'
import { parseProgress, type Vertex } from '../../build/progress.js'
import { runBuild } from '../../build/engine/run-build.js'
import type { Command, Result, RunOptions } from '../../lib/exec.js'
import { printedWarnings } from '../../build/summary/checks.js'
import { fixture } from '../helpers/build.js'
import { stdout } from '../../lib/runtime.js'

const raw = (name: string) =>
  readFileSync(new URL(`../fixtures/progress/${name}.rawjson`, import.meta.url), 'utf8').replace(/\n$/, '')

function replay(name: string) {
  const lines: string[] = []
  const r = new RawProgress(l => lines.push(l))
  for (const l of raw(name).split('\n')) r.line(l)
  r.end()
  return { lines, times: r.times() }
}

// A step's name and how it ended, nonces and digests aside: what plain progress says of it.
const shape = (steps: Vertex[]) =>
  steps
    .map(s => ({
      name: s.name.replace(/\d{10,}|NONCE/g, 'N').replace(/sha256:[0-9a-f]{64}/g, 'D'),
      state: s.error !== undefined ? 'error' : s.cached ? 'cached' : s.durationMs !== undefined ? 'done' : '?'
    }))
    // Steps that run at once come in either order.
    .sort((a, b) => a.name.localeCompare(b.name))

describe.each(['trixie', 'sid'])('%s', suite => {
  test('a first build: the plain log of the same build, step for step', () => {
    const { lines } = replay(`${suite}-first`)
    const plain = parseProgress(fixture(`${suite}-first`))
    expect(shape(parseProgress(lines))).toEqual(shape(plain))
    expect(lines).toContain('#1 transferring dockerfile: 128B done')
    expect(
      lines.some(l => /^#\d+ ERROR: failed to configure registry cache importer: .*: not found$/.test(l))
    ).toBe(true)
    const run = parseProgress(lines).find(s => s.name.includes('sleep 1'))!
    expect(run.lines).toEqual([expect.stringMatching(/^0\.\d{3} \d+$/)])
    expect(run.durationMs).toBeGreaterThanOrEqual(1000)
  })

  test("a first build: BuildKit's times, the RUN with sleep 1 after the Dockerfile's load, 1 s or more long", () => {
    const { lines, times } = replay(`${suite}-first`)
    const steps = parseProgress(lines)
    const at = (part: string) => times.get(steps.find(s => s.name.includes(part))!.id)!
    const load = at('load build definition')
    const run = at('sleep 1')
    expect(load.startMs).toBe(0)
    expect(run.startMs).toBeGreaterThan(load.endMs!)
    expect(run.endMs! - run.startMs).toBeGreaterThanOrEqual(1000)
    expect(at('RUN echo done').startMs).toBeGreaterThanOrEqual(run.endMs!)
  })

  test('a failed build: the failed step, its output, the error block and buildx lines after it', () => {
    const { lines } = replay(`${suite}-error`)
    const failed = parseProgress(lines).find(s => s.error !== undefined)!
    expect(failed.name).toBe('[3/3] RUN echo "NONCE" && echo about to fail && exit 3')
    expect(failed.lines).toEqual([expect.stringMatching(/ NONCE$/), expect.stringMatching(/ about to fail$/)])
    const text = lines.join('\n')
    expect(text).toMatch(
      /\n------\n > \[3\/3\] RUN echo "NONCE" && echo about to fail && exit 3:\n[\d.]+ NONCE\n[\d.]+ about to fail\n------\nDockerfile:3\n/
    )
    expect(lines.at(-1)).toMatch(/^ERROR: failed to (build: failed to )?solve: process/)
  })
})

test('build-check warnings (not printed by buildx 0.13 with rawjson) as buildx prints them with plain', () => {
  const { lines } = replay('trixie-checks')
  expect(printedWarnings(lines)).toEqual([
    { message: "FromAsCasing: 'as' and 'FROM' keywords' casing do not match", line: 1 },
    {
      message:
        "ConsistentInstructionCasing: Command 'copy' should match the case of the command majority (uppercase)",
      line: 3
    }
  ])
})

test('times to the microsecond, bytes as the plain printer writes them', () => {
  expect(isoMs('2026-12-04T21:56:49.997287947Z') - isoMs('2026-12-04T21:56:49Z')).toBeCloseTo(997.287947, 3)
  expect([plainBytes(2), plainBytes(128), plainBytes(2048), plainBytes(3_100_000)]).toEqual([
    '2B',
    '128B',
    '2.05kB',
    '3.10MB'
  ])
})

test('output split across messages and left without a newline is printed whole', () => {
  const lines: string[] = []
  const r = new RawProgress(l => lines.push(l))
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  const v = { digest: 'sha256:1', name: '[1/1] RUN x', started: '2026-01-01T00:00:00Z' }
  r.line(JSON.stringify({ vertexes: [v] }))
  r.line(
    JSON.stringify({ logs: [{ vertex: 'sha256:1', data: b64('hel'), timestamp: '2026-01-01T00:00:00.5Z' }] })
  )
  r.line(
    JSON.stringify({
      logs: [{ vertex: 'sha256:1', data: b64('lo\npart'), timestamp: '2026-01-01T00:00:01Z' }]
    })
  )
  r.line(JSON.stringify({ vertexes: [{ ...v, completed: '2026-01-01T00:00:02Z' }] }))
  r.end()
  expect(lines).toEqual(['#1 [1/1] RUN x', '#1 1.000 hello', '#1 part', '#1 DONE 2.0s'])
})

test('runBuild runs buildx with rawjson, prints plain lines, and keeps the exact times', async () => {
  let ran: Command | undefined
  const exec = async (c: Command, o: RunOptions): Promise<Result> => {
    ran = c
    for (const l of raw('sid-first').split('\n')) o.onLine?.(l, 'stderr')
    return { code: 0, stdout: '', stderr: '' }
  }
  // buildx's banner, which rawjson leaves out, from its store.
  const config = mkdtempSync(join(tmpdir(), 'docker-config-'))
  mkdirSync(join(config, 'buildx', 'instances'), { recursive: true })
  writeFileSync(
    join(config, 'buildx', 'instances', 'b1'),
    JSON.stringify({ Name: 'b1', Driver: 'docker-container' })
  )
  const saved = process.env.DOCKER_CONFIG
  process.env.DOCKER_CONFIG = config
  const out: string[] = []
  const write = jest.spyOn(stdout, 'write').mockImplementation(((s: string) => (out.push(s), true)) as never)
  const args = ['buildx', 'build', '--progress=plain', '--builder', 'b1', '.']
  const r = await runBuild(args, 'plain', { exec }).finally(() => {
    write.mockRestore()
    process.env.DOCKER_CONFIG = saved
    rmSync(config, { recursive: true, force: true })
  })
  // What the log door wrote, line by line (the first and last lines are its stop-commands guard).
  const printed = out.join('').replace(/\n$/, '').split('\n')
  expect(printed.slice(1, 4)).toEqual([
    '#0 building with "b1" instance using docker-container driver',
    '',
    '#1 [internal] load build definition from Dockerfile'
  ])
  expect(ran!.args).toContain('--progress=rawjson')
  expect(ran!.args).not.toContain('--progress=plain')
  expect(printed.some(l => l.startsWith('{'))).toBe(false)
  expect(printed).toContain('#1 [internal] load build definition from Dockerfile')
  const run = r.vertices.find(s => s.name.includes('sleep 1'))!
  expect(run).toMatchObject({ exact: true })
  expect(run.endMs! - run.startMs!).toBeGreaterThanOrEqual(1000)
  expect(r.vertices.find(s => s.noCache)).toBeDefined()
})

describe.each([
  ['trixie', 'sha256:3d8ca422a41b7e6a402d2fecc7262b516b6d10c63c14295e4f67871c17cf405e'],
  ['sid', 'sha256:c6fd0da66dbbc7a50d106aedf772ba86c03d5aebbb8ef6be01a799a525e35c7f']
])('%s: the exported index', (suite, digest) => {
  test("its digest once the exporter has written it (a leg's record is uploaded then), the image's own and the attestation's aside", () => {
    const seen: [string, number][] = []
    let n = 0
    const r = new RawProgress(
      () => undefined,
      d => seen.push([d, n])
    )
    const all = raw(`${suite}-first`).split('\n')
    for (; n < all.length; n++) r.line(all[n])
    r.end()
    // Once, with the message that completes it, before the exporter's next (the push and the cache come later).
    expect(seen.map(([d]) => d)).toEqual([digest])
    expect(seen[0][1]).toBeLessThan(all.findIndex(l => l.includes('"unpacking to ')))
  })
  test('nothing for a build whose exporter wrote no index', () => {
    const seen: string[] = []
    const r = new RawProgress(
      () => undefined,
      d => seen.push(d)
    )
    for (const l of raw(`${suite}-first`).split('\n'))
      r.line(l.replace('exporting manifest list', 'exporting manifest'))
    r.end()
    expect(seen).toEqual([])
  })
})
