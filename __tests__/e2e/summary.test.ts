// What a build leaves in the workflow run, bundled, through the runner emulation on the real engine: the
// job summary of a passing build, a failing build, a matrix leg and its merge; the build record (post
// step) uploaded to the GitHub services double, downloaded back and opened with `buildx history import`
// (sid: buildx 0.29; trixie's buildx 0.13 has no history export, which its summary says); build-check
// warnings as annotations at the Dockerfile's lines; and each DOCKER_BUILD_* switch.
import { spawn } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { Job, workflowCommands, type StepResult } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'
import { startDesktopDouble, type DesktopDouble } from '../../test-support/desktop-double.mjs'
import { summaryText } from '../helpers/refs.js'

const env = engineEnv()
const sid = env.E2E_SUITE === 'sid' || env.E2E_SUITE === 'sid-buildx' // buildx >= 0.23: history export
const unique = `${Date.now()}`
const image = `${env.E2E_REGISTRY}/e2e/summary-${unique}`
const dirs: string[] = []
let d: Double
let desktop: DesktopDouble
beforeAll(async () => {
  d = await startDouble()
  desktop = await startDesktopDouble()
})
afterAll(async () => {
  await d?.close()
  await desktop?.close()
  dirs.forEach(w => rmSync(w, { recursive: true, force: true }))
})

function workspace(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-summary-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'Dockerfile'), dockerfile)
  return dir
}
const passing = (nonce: string) =>
  `FROM ${env.E2E_BASE_IMAGE}\nRUN echo "${nonce}" > /nonce\nRUN echo built > /built\n`

/** A job of this run with the double's services (cache, artifacts), after setup-builder. */
async function job(ws: string, extra: Record<string, string> = {}, setup: Record<string, string> = {}) {
  const j = new Job({ env: { ...env, ...d.env(), ...extra }, workspace: ws })
  const s = await j.run('setup-builder', { syntax: 'none', ...setup })
  expect([s.errors, s.code]).toEqual([[], 0])
  return j
}

/** The post step of the build (the record), run at the job's end. */
async function post(j: Job): Promise<StepResult> {
  const posts = await j.complete()
  const p = posts.find(x => x.action === '.')!
  expect([p.errors, p.code]).toEqual([[], 0])
  return p
}

/** The artifact linked from the record line, downloaded as the client does, opened with buildx. */
async function importRecord(summary: string) {
  const id = Number(/<a href="\.\/\d+\/artifacts\/(\d+)">/.exec(summary)![1])
  const saved = { ...process.env }
  Object.assign(process.env, d.env())
  const out = mkdtempSync(join(tmpdir(), 'record-'))
  dirs.push(out)
  try {
    await new DefaultArtifactClient().downloadArtifact(id, { path: out })
  } finally {
    process.env = saved
  }
  const [file] = readdirSync(out)
  const before = desktop.imported.length
  // Not spawnSync: the Desktop stand-in answers from this process.
  const r = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
    const c = spawn('docker', ['buildx', 'history', 'import', '--file', join(out, file)], {
      env: { ...process.env, ...env, ...desktop.env },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    c.stderr.on('data', x => (stderr += x))
    c.on('error', reject)
    c.on('close', status => resolve({ status, stderr }))
  })
  return { id, file, r, records: desktop.imported.slice(before) }
}

describe('a passing build', () => {
  let b: StepResult
  let p: StepResult
  test('summary: status, cache table, the time chart, inputs', async () => {
    const j = await job(workspace(passing(`pass-${unique}`)))
    b = await j.run('.', { tags: `${image}:pass`, push: true })
    expect([b.errors, b.code]).toEqual([[], 0])
    expect(b.summary).toMatch(new RegExp(`^### ✅ <code>${image}:pass</code> built\n`))
    expect(b.summary).toContain(`<td>${image}:pass</td>`)
    expect(b.summary).toContain(`<code>${b.outputs.digest}</code>`)
    expect(b.summary).toContain('```mermaid\ngantt\n  dateFormat HH:mm:ss.SSS')
    // A bar per step: the two RUNs ran.
    expect(b.summary).toMatch(
      / {2}#91;2\/3#93; RUN echo #34;pass-\d+#34; #62; \/nonce :s\d+, \d\d:\d\d:\d\d\.\d{3}, /
    )
    expect(b.summary).toContain(`tags: ${image}:pass`)
    expect(JSON.parse(b.state.record)).toMatchObject({ image: `${image}:pass`, upload: true })
    p = await post(j)
  })

  test(
    sid
      ? 'record: exported, uploaded, linked; downloaded back it opens with buildx history import'
      : 'record: none on buildx 0.13, said in one line',
    async () => {
      if (!sid) {
        expect(p.summary).toMatch(
          new RegExp(
            `^\\*\\*Build record\\*\\* of <code>${image}:pass</code>: none, buildx 0\\.13\\.\\d+ has no history export: <code>buildx history export</code> came with buildx 0\\.23`
          )
        )
        return
      }
      const ref = JSON.parse(b.state.record).ref.split('/')[2]
      const name = `${d.repository.replace('/', '~')}~${ref.slice(0, 6).toUpperCase()}.dockerbuild`
      expect(summaryText(p.summary)).toContain(`<strong>${name}</strong></a> (`)
      const { file, r, records } = await importRecord(p.summary)
      expect(file).toBe(name)
      expect(r.status).toBe(0)
      expect(records).toEqual([{ ref, error: undefined, blobs: expect.any(Number) }])
      expect(r.stderr).toContain(`/build/.imported/_/${ref}`)
      expect(desktop.opened()).toContain(r.stderr.trim().split('\n').at(-1))
    }
  )
})

describe('a failing build', () => {
  test('summary: the failing step and its last log lines; the record found without metadata', async () => {
    const j = await job(
      workspace(
        `FROM ${env.E2E_BASE_IMAGE}\nRUN echo step one\nRUN echo "fail-${unique}" && echo about to fail && exit 3\n`
      )
    )
    const b = await j.run('.', { tags: `${image}:fail` })
    expect(b.code).toBe(1)
    expect(b.summary).toMatch(new RegExp(`^### ❌ <code>${image}:fail</code> failed\n`))
    expect(summaryText(b.summary)).toContain('**Failed step** <code>[3/3] RUN echo "fail-')
    expect(b.summary).toMatch(
      /```text\n(?:[\d.]+ )?fail-\d+\n(?:[\d.]+ )?about to fail\nERROR: process "\/bin\/sh -c echo/
    )
    expect(b.summary).toMatch(/ :crit, s\d+, /)
    const ref = JSON.parse(b.state.record).ref.split('/')[2]
    const p = await post(j)
    if (!sid) return expect(p.summary).toContain('none, buildx 0.13')
    const { r, records } = await importRecord(p.summary)
    expect(r.status).toBe(0)
    expect(records).toEqual([
      { ref, error: expect.stringContaining('exit code: 3'), blobs: expect.any(Number) }
    ])
  })
})

describe('secret-bearing inputs', () => {
  test('a PEM key in secrets: the build gets it, the summary shows its id and no line of it', async () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString()
      .trim()
    const dockerfile = `FROM ${env.E2E_BASE_IMAGE}\nRUN --mount=type=secret,id=key grep -q "END RSA PRIVATE KEY" /run/secrets/key\n`
    const j = await job(workspace(dockerfile))
    const b = await j.run('.', {
      tags: `${image}:secret`,
      secrets: `"key=${key}"`,
      'secret-envs': 'env=HOME'
    })
    expect([b.errors, b.code]).toEqual([[], 0])
    const text = summaryText(b.summary)
    expect(text).toMatch(/\nsecrets: key\n/)
    expect(text).toMatch(/\nsecret-envs: env\n/)
    for (const line of key.split('\n')) expect(text).not.toContain(line)
    await j.complete()
  })
})

describe('the time chart', () => {
  test("BuildKit's own times: a RUN sleep 1 starts after the Dockerfile was loaded and lasts 1 s or more", async () => {
    const dockerfile = `FROM ${env.E2E_BASE_IMAGE}\nRUN echo "chart-${unique}" && sleep 1\nRUN sleep 1 && echo two\n`
    const j = await job(workspace(dockerfile))
    const b = await j.run('.', { tags: `${image}:chart` })
    expect([b.errors, b.code]).toEqual([[], 0])
    // The log reads as plain progress.
    expect(b.stdout).toMatch(/^#1 \[internal\] load build definition from Dockerfile$/m)
    expect(b.stdout).toMatch(/^#\d+ DONE \d+\.\ds$/m)
    expect(b.stdout).not.toMatch(/^\{/m)
    const ms = (clock: string) => {
      const [h, m, s] = clock.split(':').map(Number)
      return Math.round(((h * 60 + m) * 60 + s) * 1000)
    }
    const bar = (label: RegExp) => {
      const line = b.summary.split('\n').find(l => label.test(l))!
      const [start, end] = line.split(', ').slice(-2).map(ms)
      return { start, end, length: end - start }
    }
    const load = bar(/load build definition from Dockerfile :/)
    const first = bar(/RUN echo #34;chart-\d+#34; #38;#38; sleep 1 :/)
    const second = bar(/RUN sleep 1 #38;#38; echo two :/)
    expect(first.start).toBeGreaterThanOrEqual(load.end)
    expect(second.start).toBeGreaterThanOrEqual(first.end)
    expect([first.length, second.length].every(l => l >= 1000)).toBe(true)
    // Not the DONE lines' durations (tenths of a second) laid back from when the lines arrived.
    expect([first.length, second.length].every(l => l % 100 === 0)).toBe(false)
    await j.complete()
  })
})

describe('a first build', () => {
  test('a registry cache not written yet reads "no cache yet" in the summary and the report line', async () => {
    const j = await job(workspace(passing(`first-${unique}`)))
    const cache = `${image}:first-cache`
    const b = await j.run('.', { tags: `${image}:first`, 'cache-from': cache })
    expect([b.errors, b.code]).toEqual([[], 0])
    expect(b.stdout).toContain(`; no cache yet at ${cache} (a first build); build took `)
    const text = summaryText(b.summary)
    expect(text).toContain(`<td>${cache} (no cache yet)</td>`)
    expect(text).toContain('1 cache import: no cache yet (a first build)')
    expect(text).not.toMatch(/failed|\(red\)/)
    await j.complete()
  })
})

describe('a matrix leg and the merge', () => {
  test('the leg says its arch; the merge lists the legs it joined', async () => {
    const runId = `${unique}1`
    const ws = workspace(passing(`leg-${unique}`))
    const leg = await job(ws, { GITHUB_RUN_ID: runId })
    const l = await leg.run('.', { tags: `${image}-m:1`, push: true, arch: 'amd64' })
    expect([l.errors, l.code]).toEqual([[], 0])
    expect(l.summary.split('\n')[0]).toBe(
      `### ✅ <code>${image}-m:1</code> built — matrix leg <code>amd64</code> (linux/amd64)`
    )
    const merge = new Job({ env: { ...env, ...d.env(), GITHUB_RUN_ID: runId }, workspace: ws })
    const m = await merge.run('.', { tags: `${image}-m:1`, merge: 'amd64' })
    expect([m.errors, m.code]).toEqual([[], 0])
    expect(m.summary).toContain(`### ✅ <code>${image}-m</code>: one multi-arch index of 1 legs`)
    expect(m.summary).toContain(
      `<tr><td>amd64</td><td>linux/amd64</td><td><code>${l.outputs.digest}</code></td><td>1</td></tr>`
    )
  })
})

describe('build checks', () => {
  // BuildKit >= 0.14 checks Dockerfiles. trixie's engine has BuildKit 0.13: a docker-container builder of
  // the newer BuildKit there (its buildx 0.13 prints the warnings without putting them in the metadata).
  const setup: Record<string, string> = sid
    ? {}
    : {
        driver: 'docker-container',
        'buildkit-image': env.E2E_BUILDKIT_IMAGE_NEW,
        'driver-opts': 'network=host'
      }
  const dockerfile = `FROM ${env.E2E_BASE_IMAGE} as base\nRUN echo "checks-${unique}"\ncopy Dockerfile /Dockerfile\n`
  const annotations = (r: StepResult) =>
    workflowCommands(r.stdout).filter(c => c.command === 'warning' && c.props.file)

  test('a check warning is annotated at its Dockerfile line', async () => {
    const j = await job(workspace(dockerfile), {}, setup)
    const b = await j.run('.', { tags: `${image}:checks` })
    expect([b.errors, b.code]).toEqual([[], 0])
    expect(annotations(b).map(a => [a.props.file, a.props.line, a.message.split('\n')[0]])).toEqual([
      ['Dockerfile', '1', "FromAsCasing: 'as' and 'FROM' keywords' casing do not match"],
      [
        'Dockerfile',
        '3',
        "ConsistentInstructionCasing: Command 'copy' should match the case of the command majority (uppercase)"
      ]
    ])
    if (sid)
      expect(annotations(b)[0].props.title).toBe(
        "The 'as' keyword should match the case of the 'from' keyword"
      )
    await j.complete()
  })

  test('DOCKER_BUILD_CHECKS_ANNOTATIONS=false: none', async () => {
    const j = await job(workspace(dockerfile), { DOCKER_BUILD_CHECKS_ANNOTATIONS: 'false' }, setup)
    const b = await j.run('.', { tags: `${image}:checks` })
    expect(b.code).toBe(0)
    expect(annotations(b)).toEqual([])
    await j.complete()
  })
})

describe('switches', () => {
  test('DOCKER_BUILD_SUMMARY=false: no summary and no record', async () => {
    const j = await job(workspace(passing(`off-${unique}`)), { DOCKER_BUILD_SUMMARY: 'false' })
    const b = await j.run('.', { tags: `${image}:off` })
    expect(b.code).toBe(0)
    expect(b.summary).toBe('')
    expect(b.state.record).toBeUndefined()
    expect((await post(j)).summary).toBe('')
  })

  test('DOCKER_BUILD_RECORD_UPLOAD=false: exported, not uploaded', async () => {
    const j = await job(workspace(passing(`noup-${unique}`)), { DOCKER_BUILD_RECORD_UPLOAD: 'false' })
    const artifacts = d.store.artifacts.all().length
    expect((await j.run('.', { tags: `${image}:noup` })).code).toBe(0)
    const p = await post(j)
    expect(summaryText(p.summary)).toMatch(
      sid
        ? /\.dockerbuild<\/code> \([\d.]+ KB\), not uploaded: DOCKER_BUILD_RECORD_UPLOAD is false/
        : /none, buildx 0\.13/
    )
    expect(d.store.artifacts.all().length).toBe(artifacts)
  })

  test('DOCKER_BUILD_RECORD_RETENTION_DAYS=3: the artifact expires in 3 days', async () => {
    const j = await job(workspace(passing(`days-${unique}`)), { DOCKER_BUILD_RECORD_RETENTION_DAYS: '3' })
    expect((await j.run('.', { tags: `${image}:days` })).code).toBe(0)
    const p = await post(j)
    if (!sid) return expect(p.summary).toContain('none, buildx 0.13')
    expect(p.summary).toContain(', kept 3 days)')
    const id = Number(/artifacts\/(\d+)/.exec(p.summary)![1])
    const days = (d.store.artifacts.get(id)!.expiresAt.getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(2.9)
    expect(days).toBeLessThanOrEqual(3)
  })

  test('an artifact service that keeps failing: one warning after about 5 s, the job passes', async () => {
    const j = await job(workspace(passing(`down-${unique}`)))
    expect((await j.run('.', { tags: `${image}:down` })).code).toBe(0)
    // What nektos/act's artifact server does with today's CreateArtifact: 500 with no body, every time.
    const fault = d.faults.serverError({ status: 500, count: 100, match: 'artifact.CreateArtifact' })
    const t0 = Date.now()
    const posts = await j.complete()
    const seconds = (Date.now() - t0) / 1000
    d.faults.remove(fault)
    const p = posts.find(x => x.action === '.')!
    if (!sid) return expect(p.summary).toContain('none, buildx 0.13')
    expect(p.code).toBe(0)
    expect(p.warnings).toEqual([
      expect.stringMatching(
        /^build record: the artifact service did not take it within 5 s; not waiting for more retries$/
      )
    ])
    // Without the deadline, @actions/artifact retries for about 25 s.
    expect(seconds).toBeLessThan(10)
  })

  test('a value that is no boolean warns and keeps the default', async () => {
    const j = await job(workspace(passing(`bad-${unique}`)), { DOCKER_BUILD_SUMMARY: 'maybe' })
    const b = await j.run('.', { tags: `${image}:bad` })
    expect(b.code).toBe(0)
    expect(b.warnings).toContain('DOCKER_BUILD_SUMMARY=maybe is not a boolean (true or false); using true')
    expect(b.summary).toContain('built')
    await j.complete()
  })
})
