// Matrix legs and their merge, the classic engine and the git context, bundled, through the runner
// emulation on the real engine and registry: an amd64 leg (native) and an arm64v8 leg (QEMU, registered
// by the environment script) push by digest and hand their digests over through the Actions cache
// (the GitHub services double); a merge job makes one index of them under every tag.
import { execFile } from 'node:child_process'
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Job, type StepResult } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { manifest, tags as tagsOf } from '../../test-support/registry.js'
import { dockerSpy } from '../../test-support/docker-spy.mjs'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'
import { cacheService, cacheServiceConfig } from '../../lib/cache-service.js'
import { legKey, RECORD_VERSION } from '../../build/matrix/handoff.js'
import { parseArch } from '../../lib/arch.js'
import { legMarkOf } from '../helpers/leg-mark.js'

const amd64 = parseArch('amd64', 'arch')

const env = engineEnv()
const unique = `${Date.now()}`
const dirs: string[] = []
let d: Double
beforeAll(async () => {
  d = await startDouble()
})
afterAll(async () => {
  await d?.close()
  dirs.forEach(w => rmSync(w, { recursive: true, force: true }))
})

const run = async (cmd: string, args: string[], cwd?: string) =>
  (await promisify(execFile)(cmd, args, { env: { ...process.env, ...env }, cwd, encoding: 'utf8' })).stdout
const docker = (...args: string[]) => run('docker', args)

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-matrix-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const dockerfile = (nonce: string) =>
  `FROM ${env.E2E_BASE_IMAGE}\nRUN uname -m > /arch && echo ${nonce} > /nonce\n`

/** One job of the workflow run `runId` (attempt `attempt`), with the cache services of the double
 * (v2, or v1 when the runner does not advertise v2). */
const job = (ws: string, runId: string, attempt = '1', protocol: 'v1' | 'v2' = 'v2') =>
  new Job({
    env: {
      ...env,
      ...d.env(),
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_ATTEMPT: attempt,
      ...(protocol === 'v1' ? { ACTIONS_CACHE_SERVICE_V2: '' } : {})
    },
    workspace: ws
  })

function expectOk(r: StepResult) {
  expect([r.errors, r.code]).toEqual([[], 0])
}

/** The image platforms an index lists (attestation manifests aside). */
const platformsOf = (index: Record<string, unknown> | undefined) =>
  ((index?.manifests ?? []) as { platform?: { os: string; architecture: string; variant?: string } }[])
    .map(m => m.platform)
    .filter(p => p && p.os !== 'unknown')
    .map(p => [p!.os, p!.architecture, p!.variant].filter(Boolean).join('/'))
    .sort()

describe('legs and merge', () => {
  const image = `${env.E2E_REGISTRY}/e2e/matrix-${unique}`
  /** The manifests a leg's digest stands for in the merged index: the leg's image, or, when the leg
   * pushed an index (its image and its provenance attestation), every manifest of that index. */
  const imagesOfIn = async (repository: string, digest: string) => {
    const m = await manifest(`${repository}@${digest}`)
    const listed = m.body?.manifests as { digest: string }[] | undefined
    return listed ? listed.map(x => x.digest) : [digest]
  }
  const imagesOf = (digest: string) => imagesOfIn(image, digest)
  const tags = `${image}:1.0,${image}:latest`
  const runId = `${unique}1`
  const ws = workspace({ Dockerfile: dockerfile('one') })

  test('amd64 and arm64v8 legs push by digest; the merge makes one index of exactly those, under every tag', async () => {
    const digests: Record<string, string> = {}
    for (const arch of ['amd64', 'arm64v8']) {
      const leg = job(ws, runId)
      const r = await leg.run('.', { arch, tags, push: true, cache: 'max' })
      expectOk(r)
      expect(r.outputs.arch).toBe(arch)
      expect(r.outputs.platform).toBe(arch === 'amd64' ? 'linux/amd64' : 'linux/arm64/v8')
      expect(r.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(r.stdout).toContain(`--platform ${arch === 'amd64' ? 'linux/amd64' : 'linux/arm64'}`)
      expect(r.stdout).not.toContain('--tag ') // untagged: only the merge tags
      expect(r.stdout).toMatch(new RegExp(`handed off for the merge \\(build-digest-\\S+-${runId}-`))
      digests[arch] = r.outputs.digest
      leg.dispose()
    }
    // Pushed by digest, no tag yet.
    expect((await manifest(`${image}:latest`)).status).toBe(404)
    for (const digest of Object.values(digests))
      expect((await manifest(`${image}@${digest}`)).status).toBe(200)
    // Each bears its mark once: on the index its attestations make, else as its image's label.
    for (const digest of Object.values(digests)) {
      const m = await legMarkOf(image, digest)
      const isIndex = (await imagesOf(digest))[0] !== digest
      expect(isIndex ? [m.annotation, m.label] : [m.label]).toEqual([
        expect.stringMatching(new RegExp(`^run=${runId},attempt=1,nonce=[0-9a-f-]{36}$`)),
        ...(isIndex ? [undefined] : [])
      ])
    }
    // The only tags are the legs' registry caches (cache: max); no image tag before the merge.
    expect((await tagsOf(image)).sort()).toEqual(['buildcache-linux-amd64', 'buildcache-linux-arm64-v8'])

    const merge = job(ws, runId)
    const m = await merge.run('.', { merge: 'amd64,arm64v8', tags })
    expectOk(m)
    expect(m.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(m.outputs.arch).toBe('amd64,arm64v8')
    merge.dispose()

    for (const tag of tags.split(',')) {
      const got = await manifest(tag)
      expect([got.status, got.digest]).toEqual([200, m.outputs.digest])
      expect(platformsOf(got.body)).toEqual(['linux/amd64', 'linux/arm64'])
      const listed = (got.body?.manifests as { digest: string }[]).map(x => x.digest)
      const legImages = [...(await imagesOf(digests.amd64)), ...(await imagesOf(digests.arm64v8))]
      expect(listed).toEqual(expect.arrayContaining(legImages))
    }
    // buildx agrees, and the arm64 image really is an arm64 build (it ran under QEMU).
    const inspected = JSON.parse(await docker('buildx', 'imagetools', 'inspect', '--raw', `${image}:1.0`))
    expect(platformsOf(inspected)).toEqual(['linux/amd64', 'linux/arm64'])
    await docker('pull', '--platform', 'linux/arm64', `${image}:1.0`)
    expect(
      (await docker('run', '--rm', '--platform', 'linux/arm64', `${image}:1.0`, 'cat', '/arch')).trim()
    ).toBe('aarch64')
  })

  test('a re-run of one leg (a new attempt) is what the next merge picks up', async () => {
    const rerun = job(workspace({ Dockerfile: dockerfile('two') }), runId, '2')
    const r = await rerun.run('.', { arch: 'arm64v8', tags, push: true })
    expectOk(r)
    rerun.dispose()
    const merge = job(ws, runId, '2')
    const m = await merge.run('.', { merge: 'amd64,arm64v8', tags })
    expectOk(m)
    expect(m.stdout).toMatch(
      new RegExp(`merge: arm64v8 \\(linux/arm64/v8\\) \\S+@${r.outputs.digest}, run attempt 2`)
    )
    expect(m.stdout).toMatch(/merge: amd64 \(linux\/amd64\) \S+, run attempt 1/)
    const got = await manifest(`${image}:latest`)
    expect((got.body?.manifests as { digest: string }[]).map(x => x.digest)).toEqual(
      expect.arrayContaining(await imagesOf(r.outputs.digest))
    )
    merge.dispose()
  })

  test('on cache service v1: the leg writes its record and the merge reads it through v1', async () => {
    const other = `${env.E2E_REGISTRY}/e2e/matrix-v1-${unique}`
    const ws1 = workspace({ Dockerfile: `FROM ${env.E2E_BASE_IMAGE}\nCOPY Dockerfile /v1\n` })
    const runV1 = `${unique}5`
    d.stats.reset()
    const leg = job(ws1, runV1, '1', 'v1')
    const r = await leg.run('.', { arch: 'amd64', tags: `${other}:1`, push: true })
    expectOk(r)
    const m = await leg.run('.', { merge: 'amd64', tags: `${other}:1` })
    expectOk(m)
    expect(m.stdout).toContain(`merge: amd64 (linux/amd64) ${other}@${r.outputs.digest}, run attempt 1`)
    expect(d.stats.count('twirp.')).toBe(0)
    // The claim (reserve), the record (upload, commit), the merge's lookup and download.
    expect(d.stats.byRoute()).toMatchObject({ 'v1.reserve': 1, 'v1.upload': 1, 'v1.commit': 1 })
    leg.dispose()
  })

  test('two images whose names read alike (…/web/app, …/web-app), same arch, one run: each merges its own digest', async () => {
    const images = [`${env.E2E_REGISTRY}/e2e/web-${unique}/app`, `${env.E2E_REGISTRY}/e2e/web-${unique}-app`]
    const runAlike = `${unique}6`
    const digests: string[] = []
    for (const [n, img] of images.entries()) {
      const leg = job(workspace({ Dockerfile: dockerfile(`alike-${n}`) }), runAlike)
      const r = await leg.run('.', { arch: 'amd64', tags: `${img}:1`, push: true })
      expectOk(r)
      digests.push(r.outputs.digest)
      leg.dispose()
    }
    expect(digests[0]).not.toBe(digests[1])
    for (const [n, img] of images.entries()) {
      const merge = job(ws, runAlike)
      const m = await merge.run('.', { merge: 'amd64', tags: `${img}:1` })
      expectOk(m)
      expect(m.stdout).toContain(`merge: amd64 (linux/amd64) ${img}@${digests[n]}, run attempt 1`)
      merge.dispose()
      const listed = ((await manifest(`${img}:1`)).body?.manifests as { digest: string }[]).map(x => x.digest)
      expect(listed).toEqual(expect.arrayContaining(await imagesOfIn(img, digests[n])))
    }
  })

  test('a forged hand-off entry (a newer key, another digest of the repository) fails the merge in one line; the genuine one merges', async () => {
    const forged = `${env.E2E_REGISTRY}/e2e/matrix-forged-${unique}`
    const [runGenuine, runOther] = [`${unique}7`, `${unique}8`]
    const ws7 = workspace({ Dockerfile: dockerfile('genuine') })
    // A link left where an earlier version of the hand-off wrote a file: nothing writes through it.
    const victim = join(ws7, 'victim')
    writeFileSync(victim, 'precious')
    symlinkSync(victim, join(ws7, '.build-digest-linux-amd64.json'))
    const legOf = async (runId: string, w: string) => {
      const leg = job(w, runId)
      const r = await leg.run('.', { arch: 'amd64', tags: `${forged}:1`, push: true })
      leg.dispose()
      expectOk(r)
      return r.outputs.digest
    }
    const other = await legOf(runOther, workspace({ Dockerfile: dockerfile('other') }))
    const genuine = await legOf(runGenuine, ws7)
    expect(readFileSync(victim, 'utf8')).toBe('precious')
    expect(lstatSync(join(ws7, '.build-digest-linux-amd64.json')).isSymbolicLink()).toBe(true)

    // The genuine record merges: the leg's own image, bearing its mark.
    const genuineMerge = job(ws7, runGenuine, '1')
    const g = await genuineMerge.run('.', { merge: 'amd64', tags: `${forged}:1` })
    genuineMerge.dispose()
    expectOk(g)
    expect(g.stdout).toContain(`merge: amd64 (linux/amd64) ${forged}@${genuine}, run attempt 1`)

    // An entry of the right shape under a newer attempt's key, naming the other run's image.
    const api = cacheService(cacheServiceConfig(d.env())!)
    const key = legKey(
      { repository: d.env().GITHUB_REPOSITORY, runId: runGenuine, runAttempt: '2' },
      forged,
      amd64
    )
    const entry = await api.create(key, RECORD_VERSION)
    if (entry === 'exists') throw new Error(`${key} exists`)
    const record = { image: forged, arch: 'amd64', platform: 'linux/amd64', digest: other, attempt: 2 }
    await api.fill(entry, Buffer.from(JSON.stringify({ ...record, nonce: 'forged' })))
    const merge = job(ws7, runGenuine, '2')
    const m = await merge.run('.', { merge: 'amd64', tags: `${forged}:1` })
    merge.dispose()
    expect([m.code, m.errors.length]).toEqual([1, 1])
    expect(m.errors[0]).toMatch(
      new RegExp(
        `^merge: arch amd64: ${forged}@${other}, handed off as this run's amd64 leg, is not an image that leg built \\(its io\\.github\\.buildx-action-suite\\.leg mark reads "run=${runOther},attempt=1,nonce=[0-9a-f-]+", the leg's would read "run=${runGenuine},attempt=2,nonce=forged"\\); nothing is tagged$`
      )
    )
    // The tag still names the genuine merge's index.
    expect((await manifest(`${forged}:1`)).digest).toBe(g.outputs.digest)
  })

  test('a missing arch fails the merge with what was found and what is missing; nothing is tagged', async () => {
    const other = `${env.E2E_REGISTRY}/e2e/matrix-missing-${unique}`
    const leg = job(ws, `${unique}3`)
    expectOk(await leg.run('.', { arch: 'amd64', tags: `${other}:1`, push: true }))
    const m = await leg.run('.', { merge: 'amd64,arm64v8,s390x', tags: `${other}:1` })
    expect(m.code).toBe(1)
    expect(m.errors).toEqual([
      'merge: no digest from this run for arm64v8, s390x (found: amd64); did those matrix legs run the build step with arch and push: true?'
    ])
    expect((await manifest(`${other}:1`)).status).toBe(404)
    leg.dispose()
  })

  test('a leg whose platform has no emulator fails saying how to fix it', async () => {
    const leg = job(ws, `${unique}4`)
    const spy = dockerSpy(env)
    // riscv64: no test registers its emulator (the engine's builder may list, for the engine's life, an
    // emulator it once saw registered).
    const r = await leg.run('.', { arch: 'riscv64', tags: `${image}:riscv64`, push: true }, { env: spy.env })
    // A drop-in leg learns its builder's driver from buildx's store, without a process: the build
    // starts at once; the builder is read (as the plugin binary, not through the docker CLI) once the
    // build has failed, to say why.
    const calls = spy.calls()
    expect(calls.map(c => c.slice(0, 2))).toEqual([
      ['docker-buildx', 'build'],
      ['docker-buildx', 'inspect']
    ])
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(
      /^arch riscv64: the builder \S+ cannot run linux\/riscv64 \(it runs linux\/amd64, .*\); register its emulator with setup-builder's `platforms: linux\/riscv64` \(QEMU\), or run this leg on a riscv64 runner$/
    )
    leg.dispose()
  })
})

describe('engine: classic', () => {
  const image = `${env.E2E_REGISTRY}/e2e/classic-${unique}`

  test('a classic build pushes its tags; the report counts its cache', async () => {
    const ws = workspace({ Dockerfile: dockerfile('classic') })
    const j = new Job({ env, workspace: ws })
    const cold = await j.run('.', { engine: 'classic', tags: `${image}:1`, push: true })
    expectOk(cold)
    expect(cold.stdout).toContain(`DOCKER_BUILDKIT=0 docker build --iidfile`)
    expect(cold.stdout).toMatch(/^Step 2\/2 : RUN uname -m/m)
    const pushed = await manifest(`${image}:1`)
    expect([pushed.status, cold.outputs.digest]).toEqual([200, pushed.digest])
    const warm = await j.run('.', { engine: 'classic', tags: `${image}:1` })
    expectOk(warm)
    expect([warm.outputs['cache-hits'], warm.outputs['cache-misses']]).toEqual(['1', '0'])
    j.dispose()
  })

  test('engine-overrides: a classic amd64 leg, pushed by digest, merges with a BuildKit arm64v8 leg', async () => {
    const ws = workspace({ Dockerfile: dockerfile('mixed') })
    const runId = `${unique}5`
    const inputs = { tags: `${image}:mixed`, push: true, 'engine-overrides': 'amd64=classic' }
    const legs: StepResult[] = []
    for (const arch of ['amd64', 'arm64v8']) {
      const leg = job(ws, runId)
      legs.push(await leg.run('.', { ...inputs, arch }))
      leg.dispose()
    }
    legs.forEach(expectOk)
    expect(legs[0].stdout).toContain('DOCKER_BUILDKIT=0 docker build')
    expect(legs[0].stdout).toContain('arch amd64: pushing by digest to')
    expect(legs[1].stdout).toContain('docker buildx build')
    const merge = job(ws, runId)
    expectOk(await merge.run('.', { merge: 'amd64,arm64v8', tags: `${image}:mixed` }))
    merge.dispose()
    const got = await manifest(`${image}:mixed`)
    expect(platformsOf(got.body)).toEqual(['linux/amd64', 'linux/arm64'])
    expect(
      (
        await docker(
          'run',
          '--rm',
          '--platform',
          'linux/arm64',
          '--pull',
          'always',
          `${image}:mixed`,
          'cat',
          '/arch'
        )
      ).trim()
    ).toBe('aarch64')
  })
})

describe('context: git', () => {
  test('only the committed tree reaches the build; the uncommitted change is noted', async () => {
    const ws = workspace({
      Dockerfile: `FROM ${env.E2E_BASE_IMAGE}\nCOPY . /ctx\n`,
      'app.txt': 'committed\n'
    })
    const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], ws)
    await git('init', '-q')
    await git('add', '.')
    await git('commit', '-qm', 'app')
    writeFileSync(join(ws, 'secret.txt'), 'untracked\n')
    writeFileSync(join(ws, 'app.txt'), 'edited\n')
    const out = mkdtempSync(join(tmpdir(), 'ctx-out-'))
    dirs.push(out)
    const j = new Job({ env, workspace: ws })
    const r = await j.run('.', { context: 'git', outputs: `type=local,dest=${out}` })
    expectOk(r)
    expect(r.stdout).toMatch(/context git: building [0-9a-f]{12}; 2 uncommitted change\(s\) left out/)
    expect(readFileSync(join(out, 'ctx', 'app.txt'), 'utf8')).toBe('committed\n')
    expect(() => readFileSync(join(out, 'ctx', 'secret.txt'))).toThrow()

    const bad = await j.run('.', { context: 'git', 'git-ref': 'no-such-branch' })
    expect(bad.code).toBe(1)
    expect(bad.errors[0]).toMatch(/^input 'git-ref': got 'no-such-branch'; accepted: a commit, branch or tag/)
    j.dispose()
  })
})

describe('call (a newer buildx feature)', () => {
  test('check runs on buildx >= 0.15; an older buildx gets one line naming the versions', async () => {
    const ws = workspace({ Dockerfile: `FROM ${env.E2E_BASE_IMAGE}\nRUN true\n` })
    const j = new Job({ env, workspace: ws })
    const r = await j.run('.', { call: 'check' })
    const buildx = /buildx v?(\d+\.\d+\.\d+)/.exec(await docker('buildx', 'version'))![1]
    if (env.E2E_SUITE === 'trixie') {
      expect([r.code, r.errors]).toEqual([
        1,
        [`call: check needs buildx >= 0.15 (this runner has buildx ${buildx}); leave call empty to build`]
      ])
      expect(r.stdout).not.toContain('docker buildx build')
    } else {
      expectOk(r)
      expect(r.stdout).toContain('--call=check')
      expect(r.stdout).toMatch(/Check complete, no warnings found/)
    }
    j.dispose()
  })
})
