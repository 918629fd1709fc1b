// The default path of a GitHub-hosted runner: an engine with the classic image store, where
// setup-builder's `driver: auto` creates a docker-container builder from the moby/buildkit image (here
// the local stand-in, at the oldest and the newest BuildKit the suite supports). Through it: every cache
// mode surviving `buildx prune -af`, matrix legs pushed by digest and their merge, and the post step
// removing the builder's container and volume. Runs on the `runner` engine only (npm test starts it).
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Job, type StepResult } from '../../../test-support/runner.mjs'
import { dockerSpy } from '../../../test-support/docker-spy.mjs'
import { engineEnv } from '../../../test-support/engine.js'
import { manifest, tags as tagsOf } from '../../../test-support/registry.js'
import { startDouble, type Double } from '../../../test-support/gh-double/index.mjs'
import { cacheWorkspace, expectWarmReport, printed, writtenCell } from '../../helpers/cache-log.js'
import { summaryText } from '../../helpers/refs.js'
import { legMarkOf } from '../../helpers/leg-mark.js'

const env = engineEnv('runner')
const unique = `${Date.now()}`
const docker = async (...args: string[]) =>
  (await promisify(execFile)('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })).stdout

let d: Double
beforeAll(async () => {
  d = await startDouble()
})
afterAll(async () => d?.close())

const expectOk = (r: StepResult) => expect([r.errors, r.code]).toEqual([[], 0])
// BuildKit v0.34 pushing the image and its registry cache to one repository at once meets the loopback
// registry (distribution 2.8, filesystem storage) refusing a manifest whose blob the other push is still
// linking: buildx prints only `failed to push …: errors:`, the registry's log says `manifest blob unknown`
// (1 cold build in 5 here). A build that failed so, and only so, runs again on a fresh scene (at most twice).
const REGISTRY_RACE = /^buildx build failed \(exit 1\): .*failed to push \S+: errors:$/
const manifestRefusals = () =>
  readFileSync(env.E2E_REGISTRY_LOG, 'utf8')
    .split('\n')
    .filter(l => l.includes('err.code="manifest blob unknown"')).length
async function pushing(run: () => Promise<StepResult>, again: (n: number) => Promise<void>) {
  for (let n = 1; ; n++) {
    const refused = manifestRefusals()
    const r = await run()
    if (n > 2 || !r.errors.some(e => REGISTRY_RACE.test(e)) || manifestRefusals() === refused) return r
    await again(n)
  }
}

describe.each([
  ['oldest', env.E2E_BUILDKIT_OLD, env.E2E_BUILDKIT_IMAGE_OLD],
  ['newest', env.E2E_BUILDKIT_NEW, env.E2E_BUILDKIT_IMAGE_NEW]
])('BuildKit %s (%s) in a docker-container builder', (_, version, image) => {
  const slug = version.replace(/\W/g, '')
  const repo = `${env.E2E_REGISTRY}/e2e/runner-${slug}-${unique}`
  const setup = new Job({ env })
  let builder = ''
  let exported: Record<string, string> = {}
  /** A later job of the run: the builder setup-builder exported, the cache services of the double. */
  const job = (ws: string, extra: Record<string, string> = {}) =>
    new Job({ env: { ...env, ...d.env(), ...exported, ...extra }, workspace: ws })
  const onBuilder = () => `building with "${builder}" instance using docker-container driver`
  const prune = () => docker('buildx', 'prune', '-af', '--builder', builder)
  const workspaces: string[] = []
  const workspace = (nonce: string) => {
    const ws = cacheWorkspace(env.E2E_BASE_IMAGE, `${slug}-${nonce}-${unique}`)
    workspaces.push(ws.dir)
    return ws
  }
  afterAll(() => {
    workspaces.forEach(w => rmSync(w, { recursive: true, force: true }))
    setup.dispose()
  })

  test('driver auto picks docker-container on the classic store and boots the BuildKit image', async () => {
    // The builder pulls and pushes through the registry on the host's loopback, over plain HTTP.
    const s = await setup.run('setup-builder', {
      syntax: 'none',
      'buildkit-image': image,
      'driver-opts': 'network=host',
      'buildkitd-config-inline': `[registry."${env.E2E_REGISTRY}"]\n  http = true\n  insecure = true\n`
    })
    expectOk(s)
    builder = s.outputs.name
    exported = s.exported
    expect(s.outputs.driver).toBe('docker-container')
    expect(s.outputs['buildkit-version']).toBe(version.replace(/^v/, ''))
    expect(setup.env.BUILDX_BUILDER).toBe(builder)
    expect(JSON.parse(setup.env.BUILD_SUITE_BUILDER_FACTS)).toEqual({
      builder,
      driver: 'docker-container',
      platforms: s.outputs.platforms.split(',')
    })
    const container = `buildx_buildkit_${builder}0`
    expect(
      (await docker('inspect', '--format', '{{.Config.Image}} {{.State.Running}}', container)).trim()
    ).toBe(`${image} true`)
  })

  test.each(['registry', 'inline', 'local'])(
    'cache: %s — after `buildx prune -af` and a source change the deps are CACHED',
    async mode => {
      const ws = workspace(mode)
      const j = job(ws.dir)
      const scope: Record<string, string> = mode === 'local' ? { 'cache-scope': `${slug}-${unique}` } : {}
      let inputs = { tags: `${repo}:${mode}`, push: true, cache: mode, ...scope }
      // A cold build refused by the registry's race runs again, cold, into a repository of its own.
      const cold = await pushing(
        () => j.run('.', inputs),
        async n => {
          await prune()
          inputs = { ...inputs, tags: `${repo}-again${n}:${mode}` }
        }
      )
      expectOk(cold)
      expect(cold.stdout).toContain(onBuilder())
      expect(printed(cold.stdout)).toEqual({ cached: 0, executed: 4 })
      // The builder's cache pruned and the source changed, once more for a warm build the race refused.
      const scene = async (change: string) => {
        await prune()
        if (mode === 'local') rmSync(join(j.temp, 'buildx-cache'), { recursive: true, force: true })
        ws.change(change)
      }
      await scene('v2')
      const warm = await pushing(
        () => j.run('.', inputs),
        n => scene(`v2-again${n}`)
      )
      expectWarmReport(warm)
      expect(warm.warnings).toEqual([])
      expect((await manifest(inputs.tags)).digest).toBe(warm.outputs.digest)
      j.dispose()
    }
  )

  test('cache: gha — through the cache service this BuildKit speaks', async () => {
    const ws = workspace('gha')
    // BuildKit before 0.20 speaks only the legacy service (v1); the newer one gets v2 as GitHub offers.
    const v1 = version === env.E2E_BUILDKIT_OLD
    const service: Record<string, string> = v1
      ? { ACTIONS_CACHE_SERVICE_V2: '', ACTIONS_RESULTS_URL: '' }
      : {}
    const j = job(ws.dir, service)
    const inputs = { tags: `${repo}:gha`, push: true, cache: 'gha' }
    d.stats.reset()
    const cold = await j.run('.', inputs)
    expectOk(cold)
    expect(cold.stdout).toContain(onBuilder())
    expect(cold.warnings).toEqual([])
    expect(d.stats.count(v1 ? 'v1.reserve' : 'twirp.CreateCacheEntry')).toBeGreaterThan(0)
    await prune()
    ws.change('v2')
    const warm = await j.run('.', inputs)
    expectWarmReport(warm)
    j.dispose()
    if (!v1) return
    // Offered only v2 (as GitHub does now), the old daemon is named from the builder, before building.
    const v2 = job(ws.dir)
    const r = await v2.run('.', inputs)
    v2.dispose()
    expect([r.code, r.errors.length]).toEqual([1, 1])
    expect(r.errors[0]).toMatch(
      /needs buildx >= 0\.21 and BuildKit >= 0\.20; found buildx 0\.29\.\d+ and BuildKit 0\.14\.1\b/
    )
    expect(r.stdout).not.toContain('buildx build')
  })

  test('matrix: amd64 and arm64v8 legs push by digest; the merge tags one index of both', async () => {
    const ws = workspace('matrix')
    const runId = `${unique}${slug}`
    const tags = `${repo}:matrix`
    const legs: Record<string, string> = {}
    for (const arch of ['amd64', 'arm64v8']) {
      const spy = dockerSpy(env)
      const leg = job(ws.dir, { GITHUB_RUN_ID: runId, ...spy.env })
      d.stats.reset()
      const r = await leg.run('.', { arch, tags, push: true, cache: 'max' })
      expectOk(r)
      // The record went up once buildx said the index was exported, while it still pushed and exported
      // the cache; the commit came after the build: it follows the upload by the rest of buildx's run
      // (60–80 ms measured), not by the ~1 ms of two requests made one after the other.
      const upload = d.stats.forRoute('blob.put')
      const commit = d.stats.requests.filter(q => q.path.endsWith('/FinalizeCacheEntryUpload'))
      expect([upload.length, commit.length]).toEqual([1, 1])
      expect(commit[0].start - upload[0].end).toBeGreaterThanOrEqual(15)
      // What setup-builder exported about its builder stands for `buildx inspect` (it runs amd64 natively).
      if (arch === 'amd64') expect(spy.calls().filter(c => c.includes('inspect'))).toEqual([])
      spy.dispose()
      expect(r.stdout).toContain(onBuilder())
      expect(r.stdout).not.toContain('--tag ')
      legs[arch] = r.outputs.digest
      expect((await manifest(`${repo}@${r.outputs.digest}`)).status).toBe(200)
      leg.dispose()
    }
    expect(await tagsOf(repo)).not.toContain('matrix')
    const merge = job(ws.dir, { GITHUB_RUN_ID: runId })
    const m = await merge.run('.', { merge: 'amd64,arm64v8', tags })
    expectOk(m)
    merge.dispose()
    const got = await manifest(tags)
    expect([got.status, got.digest]).toEqual([200, m.outputs.digest])
    const platforms = (got.body?.manifests as { platform: { os: string; architecture: string } }[])
      .map(x => `${x.platform.os}/${x.platform.architecture}`)
      .filter(p => !p.startsWith('unknown'))
    expect(platforms.sort()).toEqual(['linux/amd64', 'linux/arm64'])

    // The leg's mark is an annotation of the index its provenance makes; its image is the cached
    // rebuild's: another run's leg (a new mark) pushes the same image manifest under a new index.
    const first = await legMarkOf(repo, legs.amd64)
    expect(first).toEqual({
      annotation: expect.stringMatching(new RegExp(`^run=${runId},attempt=1,nonce=[0-9a-f-]{36}$`)),
      label: undefined,
      image: expect.stringMatching(/^sha256:/)
    })
    const again = job(ws.dir, { GITHUB_RUN_ID: `${runId}9` })
    const r = await again.run('.', { arch: 'amd64', tags, push: true, cache: 'max' })
    again.dispose()
    expectOk(r)
    expect(r.outputs.digest).not.toBe(legs.amd64)
    const second = await legMarkOf(repo, r.outputs.digest)
    expect(second.annotation).toMatch(new RegExp(`^run=${runId}9,attempt=1,`))
    expect(second.image).toBe(first.image)
  })

  test("the job summary and the build record build-push-action's users had", async () => {
    const j = job(workspace('summary').dir)
    const b = await j.run('.', { tags: `${repo}:summary`, push: true })
    expectOk(b)
    expect(b.summary).toMatch(new RegExp(`^### ✅ <code>${repo}:summary</code> built\n`))
    expect(b.summary).toContain('```mermaid\ngantt')
    const ref = JSON.parse(b.state.record).ref.split('/')[2]
    const p = (await j.complete()).find(x => x.action === '.')!
    j.dispose()
    expect([p.errors, p.warnings, p.code]).toEqual([[], [], 0])
    expect(summaryText(p.summary)).toMatch(
      new RegExp(
        `<a href="\\./\\d+/artifacts/\\d+"><strong>\\S+~${ref.slice(0, 6).toUpperCase()}\\.dockerbuild</strong></a> \\(`
      )
    )
  })

  test('the post step removes the builder container and its state volume', async () => {
    const container = `buildx_buildkit_${builder}0`
    expect(await docker('volume', 'ls', '--format', '{{.Name}}')).toContain(`${container}_state`)
    const [post] = await setup.complete()
    expect(post.code).toBe(0)
    expect(await docker('ps', '-a', '--format', '{{.Names}}')).not.toContain(container)
    expect(await docker('volume', 'ls', '--format', '{{.Name}}')).not.toContain(`${container}_state`)
  })
})

describe("the engine's own builder (docker driver) on the classic store", () => {
  test('what it cannot do is left out (cache export: one warning; default provenance: as build-push-action); the image is pushed', async () => {
    const ws = cacheWorkspace(env.E2E_BASE_IMAGE, `own-${unique}`)
    const repo = `${env.E2E_REGISTRY}/e2e/runner-own-${unique}`
    const j = new Job({ env, workspace: ws.dir })
    const r = await j.run('.', { builder: 'default', tags: `${repo}:1`, push: true, cache: 'max' })
    j.dispose()
    rmSync(ws.dir, { recursive: true, force: true })
    expectOk(r)
    expect(r.warnings).toEqual([
      `Cache export to ${repo}:buildcache skipped: the docker driver cannot export cache on this engine (classic image store); ` +
        'the image is built without it. Create a builder with setup-builder (driver auto picks docker-container here) ' +
        'or turn on the containerd image store. See https://docs.docker.com/build/cache/backends/'
    ])
    expect(r.stdout).toContain(
      'provenance: the docker driver cannot attach attestations on this engine (classic image store): the image is built without the default provenance'
    )
    expect(printed(r.stdout)).toEqual({ cached: 0, executed: 4 })
    expect((await manifest(`${repo}:1`)).digest).toBe(r.outputs.digest)
    expect(await tagsOf(repo)).toEqual(['1'])
    expect(writtenCell(r.summary)).toBe('–')
  })

  test.each([
    ['a matrix leg (an OCI layout to push by digest)', { arch: 'amd64' }, 'OCI exporter'],
    ['a multi-platform build', { platforms: 'linux/amd64,linux/arm64' }, 'Multi-platform build']
  ])('%s fails in one line saying how to get a builder that can', async (_, inputs, feature) => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-own-'))
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${env.E2E_BASE_IMAGE}\nRUN echo ${unique}\n`)
    const repo = `${env.E2E_REGISTRY}/e2e/runner-own-refused-${unique}`
    const j = new Job({ env: { ...env, ...d.env() }, workspace: dir })
    const r = await j.run('.', { builder: 'default', tags: `${repo}:1`, push: true, ...inputs })
    j.dispose()
    rmSync(dir, { recursive: true, force: true })
    expect([r.code, r.errors]).toEqual([
      1,
      [
        `buildx build failed (exit 1): ERROR: failed to build: ${feature} is not supported for the docker driver. ` +
          'The docker driver cannot do this on an engine with the classic image store. Create a builder with ' +
          'setup-builder (driver auto picks docker-container here) or turn on the containerd image store.'
      ]
    ])
    expect(await tagsOf(repo)).toEqual([])
  })
})
