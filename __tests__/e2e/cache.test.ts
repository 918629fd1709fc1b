// The build action's cache, bundled, through the runner emulation on the real engine and registry:
// every mode survives `buildx prune -af` (a fresh runner), the report counts what buildx printed,
// matrix legs keep their own cache, a rejected export only warns; gha and local against the
// GitHub cache services double.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Job } from '../../test-support/runner.mjs'
import { engineEnv, repoRoot, type EngineEnv } from '../../test-support/engine.js'
import { manifest } from '../../test-support/registry.js'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'
import { cacheWorkspace, expectWarmReport, printed } from '../helpers/cache-log.js'

const env = engineEnv()
const unique = `${Date.now()}`
const workspaces: string[] = []
afterAll(() => workspaces.forEach(w => rmSync(w, { recursive: true, force: true })))

// Asynchronous: the gh double answers from this process's event loop.
const docker = async (e: EngineEnv, ...args: string[]) =>
  (await promisify(execFile)('docker', args, { env: { ...process.env, ...e }, encoding: 'utf8' })).stdout
const prune = (e: EngineEnv = env) => docker(e, 'buildx', 'prune', '-af')

/** The cache workspace, tracked for removal after the file's tests. */
function workspace(e: EngineEnv, nonce: string) {
  const ws = cacheWorkspace(e.E2E_BASE_IMAGE, nonce)
  workspaces.push(ws.dir)
  return ws
}

describe.each(['inline', 'min', 'max', 'registry'])('cache: %s', mode => {
  const repo = `${env.E2E_REGISTRY}/e2e/cache-${mode}`
  const ws = workspace(env, `${mode}-${unique}`)
  const job = new Job({ env, workspace: ws.dir })
  afterAll(() => job.dispose())

  test('a rebuild after `buildx prune -af` and a source change has the deps CACHED', async () => {
    const inputs = { tags: `${repo}:${unique}`, push: true, cache: mode }
    const cold = await job.run('.', inputs)
    expect(cold.errors).toEqual([])
    expect(cold.code).toBe(0)
    expect(printed(cold.stdout)).toEqual({ cached: 0, executed: 4 })
    expect([cold.outputs['cache-hits'], cold.outputs['cache-misses']]).toEqual(['0', '4'])
    const cacheRef = mode === 'inline' ? `${repo}:${unique}` : `${repo}:buildcache`
    expect(cold.stdout).toContain(`--cache-from type=registry,ref=${cacheRef}`)
    if (mode !== 'inline') expect((await manifest(cacheRef)).status).toBe(200)
    else expect(cold.stdout).toContain('--build-arg BUILDKIT_INLINE_CACHE=1')
    expect(cold.summary).toContain(`<td>${repo}:${unique}</td>`)

    await prune()
    ws.change('v2')
    const warm = await job.run('.', inputs)
    expectWarmReport(warm)
    expect((await manifest(`${repo}:${unique}`)).digest).toBe(warm.outputs.digest)
  })
})

describe('cache: max on two platforms (matrix legs)', () => {
  const repo = `${env.E2E_REGISTRY}/e2e/cache-legs`
  const ws = workspace(env, `legs-${unique}`)
  const job = new Job({ env, workspace: ws.dir })
  afterAll(() => job.dispose())
  const legs = [
    ['linux/amd64', 'linux-amd64'],
    ['linux/arm64', 'linux-arm64-v8']
  ] as const
  const build = (platform: string) =>
    job.run('.', {
      tags: `${repo}:${unique}-${platform.split('/')[1]}`,
      push: true,
      cache: 'max',
      platforms: platform
    })

  test('each leg writes its own ref, and both are cached after a prune and a source change', async () => {
    for (const [platform, slug] of legs) {
      const cold = await build(platform)
      expect(cold.errors).toEqual([])
      expect(cold.code).toBe(0)
      expect(cold.stdout).toContain(`--cache-to type=registry,ref=${repo}:buildcache-${slug},mode=max`)
    }
    const refs = await Promise.all(legs.map(([, slug]) => manifest(`${repo}:buildcache-${slug}`)))
    expect(refs.map(r => r.status)).toEqual([200, 200])
    expect(refs[0].digest).not.toBe(refs[1].digest)

    await prune()
    ws.change('v2')
    // amd64 first: had the arm64 leg overwritten a shared cache, this one would miss.
    for (const [platform] of legs) {
      const warm = await build(platform)
      expectWarmReport(warm)
      expect(warm.summary).toContain(`<td>${platform}</td>`)
    }
  })
})

describe('a cache export the registry rejects', () => {
  let server: ChildProcess
  let port = 0
  beforeAll(async () => {
    port = await freePort()
    server = spawn(
      process.execPath,
      [join(repoRoot, '__tests__/fixtures/progress/reject-manifests.mjs'), String(port)],
      {
        stdio: 'ignore'
      }
    )
    for (let i = 0; i < 50; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/v2/`).then(
          r => r.ok,
          () => false
        )
      )
        return
      await new Promise(r => setTimeout(r, 100))
    }
    throw new Error('reject-manifests.mjs did not start')
  })
  afterAll(() => server?.kill())

  test.each([
    [
      'answers 400 to the cache manifest',
      () => `127.0.0.1:${port}/app:buildcache`,
      /failed \(.*400 Bad Request.*\); the image is not affected/
    ],
    [
      'cannot be reached',
      () => '127.0.0.1:9/app:buildcache',
      /127\.0\.0\.1:9 could not be reached from the builder/
    ]
  ])('%s: the image is pushed, the step warns', async (_, cacheTo, why) => {
    const ws = workspace(env, `reject-${unique}`)
    const job = new Job({ env, workspace: ws.dir })
    const image = `${env.E2E_REGISTRY}/e2e/cache-rejected:${unique}`
    const r = await job.run('.', { tags: image, push: true, 'cache-to': cacheTo() })
    job.dispose()
    expect(r.errors).toEqual([])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`--cache-to type=registry,ref=${cacheTo()},mode=max,ignore-error=true`)
    expect(r.outputs.digest).toMatch(/^sha256:/)
    expect((await manifest(image)).digest).toBe(r.outputs.digest)
    expect(r.warnings).toHaveLength(1)
    expect(r.warnings[0]).toMatch(new RegExp(`^Cache export to ${cacheTo().replace(/\./g, '\\.')} failed`))
    expect(r.warnings[0]).toMatch(why)
    expect(r.warnings[0]).toContain('See https://docs.docker.com/build/cache/backends/registry/')
  })
})

describe('build log', () => {
  const ws = workspace(env, `log-${unique}`)
  // A step that prints the source: a Dockerfile's output trying to issue a workflow command.
  writeFileSync(
    join(ws.dir, 'Dockerfile'),
    `${readFileSync(join(ws.dir, 'Dockerfile'), 'utf8')}RUN cat /app.txt\n`
  )
  writeFileSync(join(ws.dir, 'app.txt'), '::error::from the Dockerfile\n')
  const job = new Job({ env, workspace: ws.dir })
  afterAll(() => job.dispose())

  test('grouped: each step is one group, in step order, after the build; no command gets through', async () => {
    const r = await job.run('.', { log: 'grouped' })
    expect(r.code).toBe(0)
    expect(r.errors).toEqual([])
    // Grouped, a step's lines lose their `#N ` prefix (the group says which step it is).
    expect(r.stdout).toMatch(/^\d+\.\d+ ::error::from the Dockerfile$/m)
    const groups = [...r.stdout.matchAll(/^::group::#(\d+) (.*)$/gm)].map(m => [Number(m[1]), m[2]] as const)
    expect(groups.map(([n]) => n)).toEqual([...groups.map(([n]) => n)].sort((a, b) => a - b))
    expect(groups.map(([, t]) => t)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[2\/6\] RUN echo "deps .* \(\d+\.\ds\)$/),
        expect.stringMatching(/^\[6\/6\] RUN cat \/app.txt \(\d+\.\ds\)$/)
      ])
    )
    expect(r.stdout.match(/^::group::/gm)).toHaveLength(r.stdout.match(/^::endgroup::$/gm)!.length)
    // Nothing of the build is printed before the groups: it comes after the build, grouped.
    expect(r.stdout.indexOf('::group::')).toBeLessThan(r.stdout.indexOf('#1 '))
  })

  test('plain: streamed, and no command gets through either', async () => {
    const r = await job.run('.', { 'no-cache': true })
    expect(r.code).toBe(0)
    expect(r.errors).toEqual([])
    expect(r.stdout).toMatch(/^#\d+ \d+\.\d+ ::error::from the Dockerfile$/m)
    expect(r.stdout).not.toContain('::group::')
  })
})

// ---- gha and local: the GitHub cache services double ----

describe('cache: gha', () => {
  let d: Double
  beforeAll(async () => {
    d = await startDouble({ pulls: [{ number: 7, state: 'open', base: 'main' }] })
  })
  afterAll(async () => d?.close())

  describe('sid (buildx 0.29, cache service v2)', () => {
    const sid = engineEnv('sid')
    const repo = `${sid.E2E_REGISTRY}/e2e/cache-gha`
    const ws = workspace(sid, `gha-${unique}`)
    const inputs = { tags: `${repo}:${unique}`, cache: 'gha', platforms: 'linux/amd64' }

    test('main: cold, prune, source change: the deps come from the gha cache', async () => {
      const job = new Job({ env: { ...sid, ...d.env({ ref: 'refs/heads/main' }) }, workspace: ws.dir })
      const cold = await job.run('.', inputs)
      expect(cold.errors).toEqual([])
      expect(cold.code).toBe(0)
      expect(cold.stdout).toContain(
        'cache: gha uses cache service v2 (buildx >= 0.21 and BuildKit >= 0.20): found buildx 0.29'
      )
      expect(cold.stdout).toContain('judged by Docker engine 28.5')
      expect(cold.stdout).toContain(
        '--cache-to type=gha,scope=e2e/cache-gha-linux-amd64,mode=max,ignore-error=true'
      )
      expect(cold.stdout).not.toContain(d.env().ACTIONS_RUNTIME_TOKEN) // buildx reads it from the env
      expect(d.store.find(e => e.key.startsWith('index-e2e/cache-gha-linux-amd64-')).map(e => e.ref)).toEqual(
        ['refs/heads/main']
      )

      await prune(sid)
      ws.change('v2')
      const warm = await job.run('.', inputs)
      expectWarmReport(warm)
      expect(warm.summary).toContain('gha:e2e/cache-gha-linux-amd64')
      job.dispose()
    })

    test('a pull request reads main cache and writes only its own ref', async () => {
      const job = new Job({
        env: { ...sid, ...d.env({ ref: 'refs/pull/7/merge' }), GITHUB_EVENT_NAME: 'pull_request' },
        event: { number: 7, pull_request: { number: 7, base: { ref: 'main' } } },
        workspace: ws.dir
      })
      await prune(sid)
      ws.change('v3')
      const pr = await job.run('.', inputs)
      expectWarmReport(pr)
      const indexes = d.store.find(e => e.key.startsWith('index-e2e/cache-gha-linux-amd64-'))
      expect(new Set(indexes.map(e => e.ref))).toEqual(new Set(['refs/heads/main', 'refs/pull/7/merge']))
      job.dispose()
    })
  })

  describe('trixie (buildx 0.13, BuildKit before 0.20)', () => {
    const trixie = engineEnv('trixie')
    const ws = workspace(trixie, `gha-trixie-${unique}`)

    test('with cache service v2 advertised: fails before building, naming the versions', async () => {
      const job = new Job({ env: { ...trixie, ...d.env() }, workspace: ws.dir })
      const r = await job.run('.', { cache: 'gha' })
      job.dispose()
      expect(r.code).toBe(1)
      expect(r.errors).toHaveLength(1)
      expect(r.errors[0]).toMatch(
        /^cache: gha: the runner offers the GitHub cache service v2, which needs buildx >= 0\.21 and BuildKit >= 0\.20; found buildx 0\.13\.\d+ and BuildKit unknown \(the engine reports no BuildKit version, as Debian's builds do; judged by Docker engine 26\.1\.\S+: engines before 28\.0 include BuildKit older than 0\.20\)\. To use the gha cache, install buildx >= 0\.21 and use Docker engine >= 28\.0/
      )
      expect(r.stdout).not.toContain('buildx build')
    })

    test('with cache service v1 only: builds and exports through v1', async () => {
      const v1 = { ...d.env(), ACTIONS_CACHE_SERVICE_V2: '', ACTIONS_RESULTS_URL: '' }
      const job = new Job({ env: { ...trixie, ...v1 }, workspace: ws.dir })
      d.stats.reset()
      const r = await job.run('.', { cache: 'gha', 'cache-scope': `trixie-v1-${unique}` })
      job.dispose()
      expect(r.errors).toEqual([])
      expect(r.warnings).toEqual([])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('cache: GitHub cache service v1 (legacy)')
      expect(d.stats.count('v1.reserve')).toBeGreaterThan(0)
    })

    test('without a runtime token: a warning, and the build goes on without the gha cache', async () => {
      const noToken: Record<string, string> = { ...d.env() }
      delete noToken.ACTIONS_RUNTIME_TOKEN
      const job = new Job({ env: { ...trixie, ...noToken }, workspace: ws.dir })
      const r = await job.run('.', { cache: 'gha' })
      job.dispose()
      expect(r.code).toBe(0)
      expect(r.warnings).toEqual([
        expect.stringContaining(
          'cache: gha: the runner did not provide the GitHub cache service to this step (ACTIONS_RUNTIME_TOKEN is not set)'
        )
      ])
      expect(r.stdout).not.toContain('--cache-from')
    })
  })
})

describe('cache: local', () => {
  let d: Double
  beforeAll(async () => {
    d = await startDouble()
  })
  afterAll(async () => d?.close())

  test('restored from the Actions cache, exported fresh, saved under a new content key', async () => {
    const repo = `${env.E2E_REGISTRY}/e2e/cache-local`
    const ws = workspace(env, `local-${unique}`)
    const job = new Job({ env: { ...env, ...d.env() }, workspace: ws.dir })
    const inputs = { tags: `${repo}:${unique}`, cache: 'local', 'cache-scope': `local-${unique}` }
    const keys = () => d.store.find(e => e.key.startsWith(`buildx-local-local-${unique}-`)).map(e => e.key)

    const cold = await job.run('.', inputs)
    expect(cold.errors).toEqual([])
    expect(cold.warnings).toEqual([])
    expect(cold.code).toBe(0)
    expect(cold.stdout).toContain(`cache: local: no cache for buildx-local-local-${unique}-*`)
    expect(keys()).toHaveLength(1)
    expect(cold.stdout).toContain(`cache: local: saved ${keys()[0]}`)

    // A fresh runner: no builder cache, no directory.
    await prune()
    rmSync(join(job.temp, 'buildx-cache'), { recursive: true, force: true })
    ws.change('v2')
    const warm = await job.run('.', inputs)
    expectWarmReport(warm)
    expect(warm.warnings).toEqual([])
    expect(warm.stdout).toContain(`cache: local: restored ${keys()[0]}`)
    expect(warm.stdout).toMatch(/--cache-from type=local,src=\S+\/previous /)
    expect(keys()).toHaveLength(2)
    expect(keys()[1]).not.toBe(keys()[0])
    // Saved, the directories the step created are gone: nothing of the cache is left on disk.
    expect(existsSync(join(job.temp, 'buildx-cache', `local-${unique}`))).toBe(false)

    // Nothing changed: same content key, not saved again.
    await prune()
    const same = await job.run('.', inputs)
    expect(same.code).toBe(0)
    expect(same.outputs['cache-misses']).toBe('0')
    expect(same.stdout).toMatch(
      /cache: local: unchanged \(buildx-local-\S+\), not saved again|cache: local: saved /
    )
    job.dispose()
  })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))))
    })
  })
}
