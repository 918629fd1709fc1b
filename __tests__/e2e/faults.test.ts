// Nothing lost, nothing leaked, nothing half-done, on the real engine and registry through the runner
// emulation: a build cancelled as the runner cancels a job leaves no secret behind; two matrix legs of
// one arch in one attempt fail the hand-off; a merge survives a registry's transient error and names the
// tags it could not move on a lasting one; a cache export the registry refuses is not reported as
// written. The registry faults come from a proxy in front of the engine's registry.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job, type StepResult } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { manifest, tags as tagsOf } from '../../test-support/registry.js'
import { startRegistryProxy, type RegistryProxy } from '../../test-support/registry-proxy.mjs'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'
import { writtenCell } from '../helpers/cache-log.js'

const env = engineEnv()
const unique = `${Date.now()}`
const dirs: string[] = []
let d: Double
let proxy: RegistryProxy
beforeAll(async () => {
  d = await startDouble()
  proxy = await startRegistryProxy(env.E2E_REGISTRY)
})
afterAll(async () => {
  await d?.close()
  await proxy?.close()
  dirs.forEach(w => rmSync(w, { recursive: true, force: true }))
})

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-faults-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

/** A job of the workflow run `runId`, with the cache services of the double (the legs' hand-off). */
const job = (ws: string, runId: string) =>
  new Job({ env: { ...env, ...d.env(), GITHUB_RUN_ID: runId }, workspace: ws })

const ok = (r: StepResult) => expect([r.errors, r.code]).toEqual([[], 0])

/** Every file under `dir` whose content includes `text`. */
function filesContaining(dir: string, text: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map(f => join(dir, f))
    .filter(f => statSync(f, { throwIfNoEntry: false })?.isFile() && readFileSync(f, 'utf8').includes(text))
}

/** The host's processes (the engine's containers included) with their command lines. */
const processes = () =>
  readdirSync('/proc')
    .filter(p => /^\d+$/.test(p))
    .map(p => {
      try {
        return {
          pid: Number(p),
          cmd: readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ').trim()
        }
      } catch {
        return { pid: Number(p), cmd: '' } // gone meanwhile
      }
    })

/** Waits up to `ms` for `done`; its last answer. */
async function waitFor(done: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise(r => setTimeout(r, 100)))
    if (done()) return true
  return done()
}

describe('a cancelled build', () => {
  const token = `token-${unique}-value`
  const keyText = `key-file-${unique}-value`

  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while the secrets are mounted: the step ends on it, its secret files are gone, no secret in the log',
    async signal => {
      // A duration of this test's own, to find the build's RUN among the host's processes.
      const nap = `sleep ${100000 + (Number(unique) % 10000) * 2 + (signal === 'SIGINT' ? 0 : 1)}`
      const ws = workspace({
        Dockerfile: [
          `FROM ${env.E2E_BASE_IMAGE}`,
          'RUN --mount=type=secret,id=TOKEN,required=true --mount=type=secret,id=KEY,required=true \\',
          // The shell computes the marker, so the echoed RUN line itself cannot match it.
          `    test -s /run/secrets/TOKEN && test -s /run/secrets/KEY && echo "${signal} mounted $((6*7))" && ${nap}`
        ].join('\n'),
        key: keyText
      })
      const j = new Job({ env, workspace: ws })
      // What the step writes under RUNNER_TEMP while it runs: the secret must be there, then gone.
      const seen = new Set<string>()
      const watch = setInterval(() => filesContaining(j.temp, token).forEach(f => seen.add(f)), 50)
      const r = await j
        .run(
          '.',
          { secrets: `TOKEN=${token}`, 'secret-files': `KEY=${join(ws, 'key')}`, 'no-cache': true },
          { cancel: { when: new RegExp(`^#\\d+ [\\d.]+ ${signal} mounted 42$`, 'm'), signal } }
        )
        .finally(() => clearInterval(watch))

      expect(r.signals).toEqual([signal]) // ended on the first signal: no SIGTERM / SIGKILL needed
      // Nothing runs on: not buildx (its command line names the scratch directory), not the build.
      const leftover = () => processes().filter(p => p.cmd.includes(j.temp) || p.cmd === nap)
      await waitFor(() => !leftover().length, 10000)
      const left = leftover()
      // A failure here must not leave a day-long build behind: buildx cancels it on SIGINT.
      left.filter(p => p.cmd.includes(j.temp)).forEach(p => process.kill(p.pid, 'SIGINT'))
      expect(left.map(p => p.cmd)).toEqual([])
      expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143)
      expect([...seen].map(f => f.slice(j.temp.length))).toEqual([
        expect.stringMatching(/^\/build-\w+\/secret-0$/)
      ])
      expect(filesContaining(j.temp, token)).toEqual([])
      expect(readdirSync(j.temp)).toEqual([])
      // The user's own secret file is theirs: not removed.
      expect(readFileSync(join(ws, 'key'), 'utf8')).toBe(keyText)
      expect(r.masks).toContain(token)
      const shown = r.stdout.replace(/^::add-mask::.*$/gm, '')
      for (const secret of [token, keyText]) {
        expect(shown).not.toContain(secret)
        expect(r.stderr).not.toContain(secret)
      }
      j.dispose()
    }
  )
})

describe('two matrix legs of one arch in one attempt', () => {
  const image = `${env.E2E_REGISTRY}/e2e/faults-twins-${unique}`
  const leg = (runId: string, nonce: string) => {
    const j = job(
      workspace({ Dockerfile: `FROM ${env.E2E_BASE_IMAGE}\nRUN echo ${nonce} > /nonce\n` }),
      runId
    )
    return j.run('.', { arch: 'amd64', tags: `${image}:1`, push: true }).finally(() => j.dispose())
  }
  const twinMessage = (digest: string) =>
    `arch amd64: another leg of this run attempt handed off ${image}@${digest} for linux/amd64; two matrix legs build the same arch and the merge would take only one: give each leg its own arch`
  /** The leg records of run `runId` in the Actions cache (the double's store): what a merge finds,
   * as key → the digest the record holds. */
  const handedOff = (runId: string) =>
    d.store
      .list()
      .filter(
        e => e.key.startsWith('build-digest-') && e.key.includes(`-${runId}-`) && e.key.includes('amd64')
      )
      .map(e => [e.key, JSON.parse(d.store.bytesOf(e).toString('utf8')).digest])

  test('one after the other: the second fails the hand-off in one line naming the first; nothing tagged', async () => {
    const runId = `${unique}1`
    const first = await leg(runId, 'first')
    ok(first)
    const second = await leg(runId, 'second')
    expect([second.code, second.errors]).toEqual([1, [twinMessage(first.outputs.digest)]])
    // The summary, rendered while the hand-off was under way, says the leg failed and why.
    expect(first.summary).toMatch(/^### ✅ .* built — matrix leg <code>amd64<\/code>/m)
    expect(second.summary).toMatch(/^### ❌ .* failed — matrix leg <code>amd64<\/code>/m)
    expect(second.summary).toContain(twinMessage(first.outputs.digest))
    // Only the first leg's digest is there for a merge; the second never handed its own off.
    expect(handedOff(runId)).toEqual([
      [expect.stringMatching(/-amd64-[0-9a-f]{16}-1$/), first.outputs.digest]
    ])
    expect((await manifest(`${image}@${first.outputs.digest}`)).status).toBe(200) // pushed by digest
    expect(await tagsOf(image)).toEqual([])
  })

  test('at once: exactly one hands off; the other fails in one line and hands nothing off', async () => {
    const runId = `${unique}2`
    const [a, b] = await Promise.all([leg(runId, 'at-once-a'), leg(runId, 'at-once-b')])
    const [won, lost] = a.code === 0 ? [a, b] : [b, a]
    ok(won)
    expect([lost.code, lost.errors]).toEqual([
      1,
      [
        expect.stringMatching(
          /^arch amd64: another leg of this run attempt (handed off \S+@sha256:[0-9a-f]{64}|is handing off \S+) for linux\/amd64; /
        )
      ]
    ])
    expect(handedOff(runId)).toEqual([[expect.stringMatching(/-amd64-[0-9a-f]{16}-1$/), won.outputs.digest]])
  })
})

describe('a merge the registry fails on one tag', () => {
  // Legs and merge go through the proxy (the merge finds the legs by the repository of its tags); the
  // registry itself is read directly.
  const name = `e2e/faults-merge-${unique}`
  const image = () => `${proxy.host}/${name}`
  const direct = (tag: string) => `${env.E2E_REGISTRY}/${name}:${tag}`
  const tags = () => `${image()}:1.0,${image()}:latest`
  const latest = `/v2/${name}/manifests/latest`
  const putsOfLatest = () =>
    proxy.requests.filter(r => r.method === 'PUT' && r.path === latest).map(r => [r.status, r.injected])
  /** The image platforms an index lists (attestation manifests aside). */
  const platformsOf = (index: Record<string, unknown> | undefined) =>
    ((index?.manifests ?? []) as { platform: { os: string; architecture: string } }[])
      .filter(m => m.platform.os !== 'unknown')
      .map(m => `${m.platform.os}/${m.platform.architecture}`)
      .sort()

  /** An amd64 and an arm64v8 leg of run `runId` (COPY only: nothing runs under QEMU), then its merge. */
  async function legsAndMerge(runId: string, nonce: string): Promise<StepResult> {
    const ws = workspace({ Dockerfile: `FROM ${env.E2E_BASE_IMAGE}\nCOPY nonce /nonce\n`, nonce })
    for (const arch of ['amd64', 'arm64v8']) {
      const j = job(ws, runId)
      ok(await j.run('.', { arch, tags: tags(), push: true }))
      j.dispose()
    }
    const j = job(ws, runId)
    const m = await j.run('.', { merge: 'amd64,arm64v8', tags: tags() })
    j.dispose()
    return m
  }

  test('a 503 once on the second tag: retried, every tag at the index', async () => {
    proxy.clear()
    proxy.fail('PUT', latest, 503, 1)
    const m = await legsAndMerge(`${unique}3`, 'one')
    ok(m)
    expect(putsOfLatest()).toEqual([
      [503, true],
      [201, false]
    ])
    for (const tag of ['1.0', 'latest']) {
      const got = await manifest(direct(tag))
      expect([got.status, got.digest]).toEqual([200, m.outputs.digest])
      expect(platformsOf(got.body)).toEqual(['linux/amd64', 'linux/arm64'])
    }
  })

  test('a 500 every time on the second tag: one line naming the tags moved and not moved; the registry agrees', async () => {
    const before = await manifest(direct('latest'))
    expect(before.status).toBe(200) // the index of the merge before
    proxy.clear()
    proxy.fail('PUT', latest, 500)
    const m = await legsAndMerge(`${unique}4`, 'two')
    expect(m.code).toBe(1)
    const moved = await manifest(direct('1.0'))
    expect(moved.status).toBe(200)
    expect(moved.digest).not.toBe(before.digest)
    expect(platformsOf(moved.body)).toEqual(['linux/amd64', 'linux/arm64'])
    expect((await manifest(direct('latest'))).digest).toBe(before.digest)
    expect(m.errors).toEqual([
      `merge: the index ${moved.digest} is in the registry, but 1 of 2 tags were not moved to it (manifest ${name}:latest: HTTP 500 (UNKNOWN: injected by the test proxy)): updated ${image()}:1.0; not updated ${image()}:latest. Re-run the merge job to finish.`
    ])
    // Tried three times (two retries), each answered by the proxy.
    expect(putsOfLatest()).toEqual([
      [500, true],
      [500, true],
      [500, true]
    ])
  })
})

describe('a cache export the registry refuses', () => {
  const name = `e2e/faults-cache-${unique}`
  const ref = () => `${proxy.host}/${name}:cache`

  test('the build passes with one warning, and its summary does not say the cache was written', async () => {
    const ws = workspace({ Dockerfile: `FROM ${env.E2E_BASE_IMAGE}\nRUN echo ${unique} > /x\n` })
    const j = new Job({ env, workspace: ws })
    proxy.clear()
    proxy.fail('PUT', `/v2/${name}/manifests/cache`, 500)
    const r = await j.run('.', { 'cache-to': `type=registry,ref=${ref()}` })
    ok(r)
    expect(r.warnings).toEqual([
      expect.stringMatching(/^Cache export to \S+ failed \(.*\b500\b.*\); the image is not affected\. /)
    ])
    expect(r.warnings[0]).toContain(ref())
    const puts = proxy.requests.filter(q => q.method === 'PUT' && q.path === `/v2/${name}/manifests/cache`)
    expect(puts.length).toBeGreaterThan(0)
    expect(puts.every(q => q.injected)).toBe(true)
    expect((await manifest(`${env.E2E_REGISTRY}/${name}:cache`)).status).toBe(404)
    expect(writtenCell(r.summary)).toBe('–')

    // The same build once the registry takes the cache: then the summary names it.
    proxy.clear()
    const again = await j.run('.', { 'cache-to': `type=registry,ref=${ref()}` })
    ok(again)
    expect(again.warnings).toEqual([])
    expect((await manifest(`${env.E2E_REGISTRY}/${name}:cache`)).status).toBe(200)
    expect(writtenCell(again.summary)).toBe(ref())
    j.dispose()
  })
})

describe('the GitHub cache service limiting requests', () => {
  // Cache service v2 is for BuildKit >= 0.20: the sid engine's.
  const onSid = env.E2E_SUITE === 'sid' || env.E2E_SUITE === 'sid-buildx' ? test : test.skip
  onSid('BuildKit backing off is said in one warning; the build passes', async () => {
    const ws = workspace({ Dockerfile: `FROM ${env.E2E_BASE_IMAGE}\nRUN echo ${unique}-gha > /x\n` })
    const j = new Job({ env: { ...env, ...d.env() }, workspace: ws })
    d.faults.rateLimit({ status: 429, retryAfter: 1, count: 3, match: 'twirp.' })
    const r = await j.run('.', { cache: 'gha', 'cache-scope': `faults-${unique}` })
    d.faults.clear()
    j.dispose()
    ok(r)
    expect(r.warnings).toEqual([
      expect.stringMatching(
        /^cache: gha: BuildKit waited \d+\.\d s on the GitHub cache service \(importing cache manifest from gha:\d+\): /
      )
    ])
  })
})
