// Every workflow users copy (examples/*.yml), run as written by nektos/act, a runner nobody here wrote,
// on the self-hosted platform: the steps run on this machine against the e2e engine (E2E_SUITE, sid in
// `npm test`) and its loopback registry, with Node 24 for the actions. Each runs once against act's own
// cache and artifact servers and once against the GitHub services double, and the test reads what the
// run left behind: the multi-arch index in the registry, the caches deleted and kept. The prune examples
// need GitHub's REST API, which act does not serve: they run against the double only.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engineEnv, repoRoot } from '../../../test-support/engine.js'
import { manifest } from '../../../test-support/registry.js'
import { startDouble, type Double } from '../../../test-support/gh-double/index.mjs'
import {
  dockerConfig,
  eventFile,
  localWorkflow,
  planWorkflow,
  repository,
  runAct,
  suiteCopy,
  type ActResult
} from '../../../test-support/act/act.js'

// sid by default: its buildx exports build records, which the act runs upload.
const engine = engineEnv(process.env.E2E_SUITE || 'sid')
const registry = engine.E2E_REGISTRY
const unique = `${Date.now()}`
const dirs: string[] = []
afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })))
const keep = (d: string) => (dirs.push(d), d)
const logDir = join(repoRoot, '.build/act-logs')

const examples = readdirSync(join(repoRoot, 'examples')).filter(f => /\.ya?ml$/.test(f))
/** The event each example is run with (its `on:`), from test-support/act/events. */
const EVENTS: Record<string, [event: string, file: string]> = {
  'build-matrix.yml': ['push', 'push'],
  'build-matrix-long.yml': ['push', 'push'],
  'build-pr.yml': ['push', 'push'],
  'prune-scheduled.yml': ['schedule', 'schedule'],
  'prune-pr-closed.yml': ['pull_request_target', 'pull_request_closed']
}

/** Examples not yet run under act, each with why: the list only shrinks. */
const NOT_UNDER_ACT: Record<string, string> = {
  // Needs the packages endpoints of the services double reachable as act's GITHUB_API_URL and the
  // ghcr.io registry override; GHCR clean-up runs end to end in __tests__/e2e/prune-ghcr.test.ts.
  'prune-ghcr.yml': 'the packages API double is not wired into act yet'
}

test('every example has an event to run with', () =>
  expect(examples.filter(f => !EVENTS[f] && !NOT_UNDER_ACT[f])).toEqual([]))

let n = 0
interface Services {
  env?: Record<string, string>
  actEnv?: Record<string, string>
  token?: string
  runId?: string
}

/** One example run as written (registry and owner made local). */
const runExample = (file: string, services: Services) =>
  runWorkflow(file, readFileSync(join(repoRoot, 'examples', file), 'utf8'), EVENTS[file], services, {
    Dockerfile: `FROM ${engine.E2E_BASE_IMAGE}\nRUN uname -m > /arch\nCOPY app.txt /app.txt\n`,
    'app.txt': `${unique}\n`
  })

/** One run of a workflow: its own owner in the registry (so runs never share an image), its own
 * repository (the workflow and `files`), docker config and server directory. */
async function runWorkflow(
  file: string,
  text: string,
  [event, eventName]: [string, string],
  services: Services,
  files: Record<string, string>
) {
  const owner = `act-${unique}-${++n}`
  const repo = repository({ [`.github/workflows/${file}`]: localWorkflow(text, registry, owner), ...files })
  keep(repo.dir)
  const r = await runAct({
    repo: repo.dir,
    workflow: `.github/workflows/${file}`,
    event,
    eventPath: eventFile(eventName),
    suite: keep(suiteCopy(registry, owner)),
    serverDir: keep(mkdtempSync(join(tmpdir(), 'act-servers-'))),
    env: {
      DOCKER_HOST: engine.DOCKER_HOST,
      DOCKER_CONFIG: keep(dockerConfig(engine.DOCKER_CONFIG)),
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: services.runId ?? String(1000 + n),
      ...services.env
    },
    actEnv: { PATH: engine.PATH, DOCKER_HOST: engine.DOCKER_HOST, ...services.actEnv },
    // What the examples ask of the repository's settings (prune-scheduled.yml's registry login).
    secrets: { GITHUB_TOKEN: services.token ?? 'act-token', REGISTRY_PASSWORD: 'act-password' },
    vars: { REGISTRY_USER: 'act' }
  })
  // Kept for a failure's post-mortem (.build is not committed).
  mkdirSync(logDir, { recursive: true })
  writeFileSync(join(logDir, `${owner}-${file.replace(/\.ya?ml$/, '')}.log`), r.log)
  return { ...r, owner, sha: repo.sha, image: `${registry}/${owner}/app` }
}

function expectSuccess(r: ActResult) {
  if (r.code !== 0) throw new Error(`act exited ${r.code}:\n${r.log.split('\n').slice(-80).join('\n')}`)
  expect(r.log).toContain('🏁  Job succeeded')
}

/** The image platforms of an index (attestation manifests aside). */
async function platforms(ref: string): Promise<string[]> {
  const m = await manifest(ref)
  expect(m.status).toBe(200)
  return ((m.body?.manifests ?? []) as { platform?: { os: string; architecture: string } }[])
    .map(x => x.platform)
    .filter(p => p && p.os !== 'unknown')
    .map(p => `${p!.os}/${p!.architecture}`)
    .sort()
}

/** The steps that failed or warned: `::warning::` lines of our actions. */
const warnings = (log: string) => log.split('\n').filter(l => l.includes('::warning::'))

/** The double as act's steps see it: the cache, artifact and REST services, with a run's token. */
function doubleServices(d: Double, runId: number, ref = 'refs/heads/main') {
  const e = d.env({ ref, runId })
  return {
    runId: String(runId),
    token: e.GITHUB_TOKEN,
    // act sets ACTIONS_RUNTIME_URL/ACTIONS_RESULTS_URL and the token from its own environment.
    actEnv: { ACTIONS_RUNTIME_URL: e.ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN: e.ACTIONS_RUNTIME_TOKEN },
    // ACTIONS_CACHE_URL given, act starts no cache server of its own.
    env: {
      ACTIONS_CACHE_URL: e.ACTIONS_CACHE_URL,
      ACTIONS_CACHE_SERVICE_V2: e.ACTIONS_CACHE_SERVICE_V2,
      GITHUB_API_URL: e.GITHUB_API_URL
    }
  }
}

const BUILDS = ['build-matrix.yml', 'build-matrix-long.yml']

describe("act's own cache and artifact servers", () => {
  test.each(BUILDS)('%s: both arches built, merged into one index under every tag', async file => {
    const r = await runExample(file, {})
    expectSuccess(r)
    for (const tag of ['main', `sha-${r.sha}`])
      expect(await platforms(`${r.image}:${tag}`)).toEqual(['linux/amd64', 'linux/arm64'])
    // The reusable workflow's `digest` output reaches the caller's next job.
    if (file === 'build-matrix.yml')
      expect(r.log).toContain(`${r.image}@${(await manifest(`${r.image}:main`)).digest}`)
    // The legs' registry cache, one per arch.
    expect((await manifest(`${r.image}:buildcache-linux-amd64`)).status).toBe(200)
    expect((await manifest(`${r.image}:buildcache-linux-arm64-v8`)).status).toBe(200)
    // act's artifact server refuses CreateArtifact's mime_type field (README, Troubleshooting): one warning per
    // build record, and the build passes.
    expect(warnings(r.log).filter(l => l.includes('build record'))).toHaveLength(2)
  })

  test('build-pr.yml on push: the image pushed as :latest', async () => {
    const r = await runExample('build-pr.yml', {})
    expectSuccess(r)
    expect((await manifest(`${r.image}:latest`)).status).toBe(200)
    expect((await manifest(`${r.image}:buildcache`)).status).toBe(200)
  })
})

describe('the reusable workflow, called from fixtures', () => {
  const fixture = (name: string) => readFileSync(join(repoRoot, 'test-support/act/fixtures', name), 'utf8')
  const noRecord = { env: { DOCKER_BUILD_RECORD_UPLOAD: 'false' } }

  test('runners, file, target, build-args and build secrets reach each leg', async () => {
    const r = await runWorkflow('caller.yml', fixture('reusable-inputs.yml'), ['push', 'push'], noRecord, {
      // Stage other fails if built; the secret must be there and match.
      'docker/app.Dockerfile': [
        `FROM ${engine.E2E_BASE_IMAGE} AS final`,
        'ARG NONCE',
        'LABEL nonce=$NONCE',
        'RUN --mount=type=secret,id=token test "$(cat /run/secrets/token)" = s3cret && uname -m > /arch',
        `FROM ${engine.E2E_BASE_IMAGE} AS other`,
        'RUN false',
        ''
      ].join('\n')
    })
    expectSuccess(r)
    const index = await manifest(`${r.image}:inputs`)
    expect(await platforms(`${r.image}:inputs`)).toEqual(['linux/amd64', 'linux/arm64'])
    expect(r.log).toContain(`index digest ${index.digest}`)
    // The arm64v8 leg ran on the runner the caller named (act maps it to this machine).
    expect(r.log).toMatch(/Matrix: map\[arch:arm64v8 platform:linux\/arm64\/v8 runner:ubuntu-24.04\]/)
    for (const m of (index.body?.manifests ?? []) as { digest: string; platform?: { os: string } }[]) {
      if (m.platform?.os !== 'linux') continue
      const config = await imageConfig(`${r.image}@${m.digest}`)
      expect(config.config?.Labels?.nonce).toBe(r.sha)
    }
  })

  test('an arch that is no bashbrew name fails the plan in one line, before any leg', async () => {
    const text = fixture('reusable-inputs.yml').replace("' amd64 , arm64v8 '", 'amd64,arm64')
    const r = await runWorkflow('caller.yml', text, ['push', 'push'], noRecord, {})
    expect(r.code).not.toBe(0)
    expect(r.log).toContain("::error::arches: 'arm64' is not a bashbrew arch (amd64, arm32v5,")
    expect(r.log).not.toContain('Matrix: map[')
  })
})

/** An image manifest's config blob, from the registry. */
async function imageConfig(ref: string): Promise<{ config?: { Labels?: Record<string, string> } }> {
  const m = await manifest(ref)
  const digest = (m.body?.config as { digest: string }).digest
  const [host, ...path] = ref.split('@')[0].split('/')
  const res = await fetch(
    `http://${host.replace(/^localhost/, '127.0.0.1')}/v2/${path.join('/')}/blobs/${digest}`
  )
  return (await res.json()) as { config?: { Labels?: Record<string, string> } }
}

describe('the GitHub services double', () => {
  let d: Double
  const now = Date.now()
  const DAY = 86400000
  beforeAll(async () => {
    d = await startDouble({
      repository: 'acme/app',
      branches: ['main'],
      pulls: [
        { number: 3, state: 'closed', base: 'main' },
        { number: 7, state: 'closed', base: 'main', merged: true },
        { number: 8, state: 'open', base: 'main' }
      ]
    })
  })
  afterAll(() => d?.close())

  test.each(BUILDS)(
    '%s: merged index, legs handed off and records uploaded through the double',
    async file => {
      const runId = 5000 + n
      const t0 = new Date()
      const r = await runExample(file, doubleServices(d, runId))
      expectSuccess(r)
      expect(await platforms(`${r.image}:main`)).toEqual(['linux/amd64', 'linux/arm64'])
      // Each leg's digest went through the double's cache service, under this run.
      const handoff = d.store
        .list()
        .filter(e => e.key.startsWith('build-digest-') && e.key.includes(`-${runId}-`))
      // The key ends in the leg's platform, a hash of the leg exactly and the run attempt (handoff.ts).
      expect(handoff.map(e => e.key).sort()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/-amd64-[0-9a-f]{16}-1$/),
          expect.stringMatching(/-linux-arm64-v8-[0-9a-f]{16}-1$/)
        ])
      )
      // One build record per leg, uploaded by the post steps.
      const records = d.store.artifacts
        .list()
        .filter(a => a.createdAt >= t0 && a.name.endsWith('.dockerbuild'))
      expect(records).toHaveLength(2)
      expect(warnings(r.log)).toEqual([])
    }
  )

  test('build-pr.yml on push: pushed as :latest', async () => {
    const r = await runExample('build-pr.yml', doubleServices(d, 6001))
    expectSuccess(r)
    expect((await manifest(`${r.image}:latest`)).status).toBe(200)
  })

  test("prune-pr-closed.yml: the closed pull request's caches deleted, every other kept", async () => {
    const seeded = d.store.seed([
      { key: 'npm-pr7', ref: 'refs/pull/7/merge', size: 1000 },
      { key: 'index-app-1-aaaa#1', ref: 'refs/pull/7/merge', size: 200 },
      { key: 'npm-pr8', ref: 'refs/pull/8/merge', size: 1000 },
      { key: 'npm-main', ref: 'refs/heads/main', size: 1000 }
    ])
    const r = await runExample('prune-pr-closed.yml', doubleServices(d, 6002, 'refs/pull/7/merge'))
    expectSuccess(r)
    const left = d.store.list().map(e => e.key)
    expect(left).toEqual(expect.arrayContaining(['npm-pr8', 'npm-main']))
    expect(left).not.toContain('npm-pr7')
    expect(left).not.toContain('index-app-1-aaaa#1')
    d.store.clear()
    expect(seeded).toHaveLength(4)
  })

  test("prune-scheduled.yml: closed pull requests', deleted branches' and stale caches deleted, main's kept", async () => {
    d.store.seed([
      { key: 'npm-pr3', ref: 'refs/pull/3/merge', size: 1000 },
      { key: 'npm-pr8', ref: 'refs/pull/8/merge', size: 1000 },
      { key: 'npm-gone', ref: 'refs/heads/gone', size: 1000 },
      { key: 'npm-main-old', ref: 'refs/heads/main', size: 1000, lastAccessedAt: new Date(now - 20 * DAY) },
      { key: 'npm-pr8-old', ref: 'refs/pull/8/merge', size: 1000, lastAccessedAt: new Date(now - 20 * DAY) },
      { key: 'npm-main', ref: 'refs/heads/main', size: 1000 }
    ])
    const r = await runExample('prune-scheduled.yml', doubleServices(d, 6003))
    expectSuccess(r)
    expect(
      d.store
        .list()
        .map(e => e.key)
        .sort()
    ).toEqual(['npm-main', 'npm-main-old', 'npm-pr8'])
    expect(r.log).toMatch(/Actions caches deleted 3 \(3000 bytes\)/)
  })
})

test('every workflow of the repository plans under act (act -n)', async () => {
  const wf = join(repoRoot, '.github/workflows')
  const files = existsSync(wf) ? readdirSync(wf).filter(f => /\.ya?ml$/.test(f)) : []
  expect(files).toContain('build.yml')
  for (const f of files) {
    const r = await planWorkflow(join(wf, f), {
      DOCKER_HOST: engine.DOCKER_HOST,
      image: engine.E2E_BASE_IMAGE
    })
    if (r.code !== 0) throw new Error(`act -n ${f} exited ${r.code}:\n${r.log}`)
    expect(r.log).not.toMatch(/Unable to clone|Job failed/)
  }
})
