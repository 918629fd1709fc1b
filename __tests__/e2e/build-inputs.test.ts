// build's inputs as build-push-action users write them, end to end on the real engine and registry:
// multi-line secrets byte for byte inside the build, bad values refused before any command, the echoed
// command line, imageid and the default provenance of a pushed image, the Dockerfile frontend (the pin's
// warning, syntax: dockerfile) and metadata-action's annotations on a merged index.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job, type StepResult } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { manifest } from '../../test-support/registry.js'
import { dockerSpy } from '../../test-support/docker-spy.mjs'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'

const env = engineEnv()
const docker = (...args: string[]) =>
  execFileSync('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })
const unique = `${Date.now()}`
const dirs: string[] = []
afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })))

function workspace(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-inputs-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'Dockerfile'), dockerfile)
  return dir
}
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')
/** stdout without the mask commands themselves: what a reader of the log would see. */
const shown = (r: StepResult) =>
  r.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
const ok = (r: StepResult) => expect([r.errors, r.code]).toEqual([[], 0])

describe('multi-line secrets', () => {
  // A PEM-like key with a blank line and its final newline, and a dotenv file, as a workflow gives them
  // (a `|` block: the runner passes the text, trimmed).
  const key = `-----BEGIN TEST KEY ${unique}-----\nkey-line-a-${unique}\n\nkey-line-c-${unique}\n-----END TEST KEY-----\n`
  const dotenv = `A=x${unique}\nB=y${unique}`
  const secrets = `"MYSECRET=${key}"\n"DOTENV=${dotenv}"`
  const ws = workspace(
    [
      `FROM ${env.E2E_BASE_IMAGE} AS s`,
      'RUN --mount=type=secret,id=MYSECRET,required=true --mount=type=secret,id=DOTENV,required=true \\',
      '    cp /run/secrets/MYSECRET /mysecret && cp /run/secrets/DOTENV /dotenv && sha256sum /mysecret',
      'FROM scratch',
      'COPY --from=s /mysecret /dotenv /'
    ].join('\n') + '\n'
  )

  test('arrive byte for byte through RUN --mount=type=secret; every line masked, never shown', async () => {
    const out = mkdtempSync(join(tmpdir(), 'out-'))
    dirs.push(out)
    const job = new Job({ env, workspace: ws })
    const r = await job.run('.', { secrets, outputs: `type=local,dest=${out}`, 'no-cache': true })
    ok(r)
    expect(readFileSync(join(out, 'mysecret'), 'utf8')).toBe(key)
    expect(readFileSync(join(out, 'dotenv'), 'utf8')).toBe(dotenv) // one secret, not two
    // The build printed the hash of what it read: the same bytes.
    expect(r.stdout).toContain(`${sha256(key)}  /mysecret`)
    for (const line of [...key.split('\n'), ...dotenv.split('\n')].filter(l => l.trim())) {
      expect(r.masks).toContain(line)
      expect(shown(r)).not.toContain(line)
    }
    expect(r.masks).toEqual(expect.arrayContaining([key, dotenv]))
    job.dispose()
  })
})

describe('bad values fail in one line naming the input, before any command runs', () => {
  const ws = workspace(`FROM ${env.E2E_BASE_IMAGE}\n`)
  test.each([
    [{ provenance: 'maybe' }, "input 'provenance': got 'maybe'"],
    [{ sbom: 'yes please' }, "input 'sbom': got 'yes please'"],
    [{ annotations: 'noeq' }, "input 'annotations': got 'noeq'"],
    [{ network: 'bridgex' }, "input 'network': got 'bridgex'"],
    [{ target: '-x' }, "input 'target': got '-x'"],
    [{ ssh: 'default=/nonexistent/id_ed25519' }, "input 'ssh': got 'default=/nonexistent/id_ed25519'"],
    [{ ssh: 'github=/nonexistent/id_ed25519' }, "input 'ssh': got 'github=/nonexistent/id_ed25519'"],
    [{ context: '--load' }, "input 'context': got '--load'"],
    [{ outputs: 'type=tar' }, "input 'outputs': got 'type=tar'"],
    [{ outputs: 'type=tar,dest=-' }, "input 'outputs': got 'type=tar,dest=-'"],
    [{ platforms: 'linux/notanarch' }, "input 'platforms': got 'linux/notanarch'"],
    [{ target: 'prod\n::warning::injected' }, "input 'target': got 'prod\\n::warning::injected'"],
    [{ network: 'host\nnone' }, "input 'network': got 'host\\nnone'"],
    [{ file: 'Dockerfile\n-x' }, "input 'file'"],
    [{ builder: 'b\nc' }, "input 'builder'"],
    [{ 'cgroup-parent': 'a\nb' }, "input 'cgroup-parent'"],
    [{ 'shm-size': '2g\n1g' }, "input 'shm-size'"],
    [{ call: 'check\nbuild' }, "input 'call'"],
    [{ cache: 'local', 'cache-scope': '..' }, "input 'cache-scope': got '..'"],
    [{ cache: 'local', 'cache-scope': '../x' }, "input 'cache-scope': got '../x'"],
    [{ cache: 'local', 'cache-scope': 'a/../..' }, "input 'cache-scope': got 'a/../..'"],
    [{ cache: 'local', 'cache-scope': '/etc' }, "input 'cache-scope': got '/etc'"]
  ])('%j', async (inputs, message) => {
    const job = new Job({ env, workspace: ws })
    writeFileSync(join(job.temp, 'other-action-file'), 'x')
    const spy = dockerSpy(env)
    const r = await job.run('.', inputs, { env: { ...spy.env } })
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0].startsWith(message)).toBe(true)
    expect(r.warnings).toEqual([])
    expect(spy.calls()).toEqual([])
    expect(existsSync(join(job.temp, 'other-action-file'))).toBe(true)
    spy.dispose()
    job.dispose()
  })
})

test('the command line printed before the build is one line, a multi-line build arg included', async () => {
  const ws = workspace(
    `FROM ${env.E2E_BASE_IMAGE}\nARG NOTE\nRUN test "$NOTE" = "$(printf 'a\\n::warning::injected')"\n`
  )
  const job = new Job({ env, workspace: ws })
  const r = await job.run('.', { 'build-args': '"NOTE=a\n::warning::injected"', 'no-cache': true })
  ok(r)
  expect(r.warnings).toEqual([])
  // Before the build's own log (which runs inside ::stop-commands::, where BuildKit shows the value).
  const beforeBuild = r.stdout.slice(0, r.stdout.indexOf('::stop-commands::'))
  expect(beforeBuild).toContain('docker buildx build')
  expect(beforeBuild).not.toMatch(/^::warning::injected/m)
  expect(r.stdout).toContain(`--build-arg 'NOTE=a\\n::warning::injected'`)
  job.dispose()
})

test("a pushed image: imageid set, provenance mode=max with the run's URL as builder-id", async () => {
  const image = `${env.E2E_REGISTRY}/e2e/inputs-${unique}:1`
  const job = new Job({ env, workspace: workspace(`FROM ${env.E2E_BASE_IMAGE}\nRUN echo ${unique} > /x\n`) })
  const r = await job.run('.', { tags: image, push: true })
  ok(r)
  expect(r.outputs.imageid).toMatch(/^sha256:[0-9a-f]{64}$/)
  const runUrl = `https://github.com/acme/app/actions/runs/${job.env.GITHUB_RUN_ID}/attempts/1`
  expect(r.stdout).toContain(`--attest type=provenance,mode=max,builder-id=${runUrl}`)
  const provenance = docker('buildx', 'imagetools', 'inspect', image, '--format', '{{json .Provenance}}')
  expect(provenance).toContain(runUrl)
  job.dispose()
})

describe('the Dockerfile frontend', () => {
  const frontend = `${env.E2E_REGISTRY}/frontends/dockerfile`
  const own = `${env.E2E_REGISTRY}/frontends/own-${unique}`
  beforeAll(() => {
    // Stand-in images under frontends' names: what is tested is which ref BuildKit resolves.
    docker('buildx', 'imagetools', 'create', '-t', `${frontend}:1.0`, env.E2E_BASE_IMAGE)
    docker('buildx', 'imagetools', 'create', '-t', `${own}:2.0`, env.E2E_BASE_IMAGE)
  })
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

  test("the pin wins, but never silently: a warning at the Dockerfile's own # syntax= line", async () => {
    const job = new Job({
      env,
      workspace: workspace(`# syntax=docker/dockerfile:1.7-labs\nFROM ${env.E2E_BASE_IMAGE}\n`)
    })
    const setup = await job.run('setup-builder', { syntax: `${frontend}:1.0` })
    expect(setup.code).toBe(0)
    const b = await job.run('.', {})
    const warning = b.stdout.split('\n').find(l => l.startsWith('::warning file=Dockerfile,line=1::'))
    expect(warning).toContain(
      `this Dockerfile names the frontend docker/dockerfile:1.7-labs, but setup-builder pins ${setup.outputs.syntax} for the job and the pin wins`
    )
    expect(warning).toContain('syntax: dockerfile')
    expect(warning).toContain('syntax: none')
    job.dispose()
  })

  test("syntax: dockerfile pins the Dockerfile's own frontend at its digest", async () => {
    const job = new Job({ env, workspace: workspace(`# syntax=${own}:2.0\nFROM ${env.E2E_BASE_IMAGE}\n`) })
    const setup = await job.run('setup-builder', {
      syntax: 'dockerfile',
      'allowed-syntax': `docker/dockerfile:*,${env.E2E_REGISTRY}/frontends/*:*`
    })
    expect([setup.code, setup.outputs.syntax, job.env.BUILD_SUITE_SYNTAX]).toEqual([
      0,
      'dockerfile',
      'dockerfile'
    ])
    const digest = JSON.parse(
      docker('buildx', 'imagetools', 'inspect', '--format', '{{json .Manifest}}', `${own}:2.0`)
    ).digest
    const b = await job.run('.', {})
    expect(b.stdout).toContain(`Dockerfile frontend: ${own}:2.0@${digest} (the # syntax= of Dockerfile)`)
    expect(b.stdout).toContain(`--build-arg BUILDKIT_SYNTAX=${own}:2.0@${digest}`)
    // BuildKit loads exactly that (a stand-in, so the build then fails).
    expect(b.stdout).toMatch(
      new RegExp(`resolve image config for docker-image://${escape(`${own}:2.0@${digest}`)}`)
    )
    job.dispose()
  })

  test('syntax: dockerfile still checks the line against allowed-syntax, before any command', async () => {
    const job = new Job({
      env,
      workspace: workspace(`# syntax=ghcr.io/someone/frontend:1\nFROM ${env.E2E_BASE_IMAGE}\n`)
    })
    Object.assign(job.env, {
      BUILD_SUITE_SYNTAX: 'dockerfile',
      BUILD_SUITE_ALLOWED_SYNTAX: 'docker/dockerfile:*'
    })
    const spy = dockerSpy(env)
    const b = await job.run('.', {}, { env: { ...spy.env } })
    expect(b.code).toBe(1)
    expect(b.stdout).toMatch(
      /^::error file=Dockerfile,line=1::syntax 'ghcr.io\/someone\/frontend:1' is not allowed/m
    )
    expect(spy.calls()).toEqual([])
    spy.dispose()
    job.dispose()
  })

  test('syntax: dockerfile without a # syntax= line: the default frontend, resolved', async () => {
    const job = new Job({ env, workspace: workspace(`FROM ${env.E2E_BASE_IMAGE}\n`) })
    Object.assign(job.env, {
      BUILD_SUITE_SYNTAX: 'dockerfile',
      BUILD_SUITE_ALLOWED_SYNTAX: 'docker/dockerfile:*'
    })
    const b = await job.run('.', {})
    // Offline, Docker Hub cannot be read: the step says which frontend it tried.
    expect(
      b.stdout.includes('Dockerfile frontend: docker/dockerfile:1.18.0@sha256:') ||
        b.errors.some(e => e.startsWith('syntax: cannot resolve docker/dockerfile:1.18.0 to a digest'))
    ).toBe(true)
    job.dispose()
  })
})

describe("metadata-action's annotations reach the merged index", () => {
  let d: Double
  beforeAll(async () => {
    d = await startDouble()
  })
  afterAll(async () => d?.close())

  test('index: and manifest-descriptor: annotate the index; manifest: ones are left to the legs', async () => {
    const image = `${env.E2E_REGISTRY}/e2e/inputs-merge-${unique}`
    const ws = workspace(`FROM ${env.E2E_BASE_IMAGE}\nRUN echo ${unique} > /x\n`)
    const job = new Job({ env: { ...env, ...d.env(), GITHUB_RUN_ID: `${unique}9` }, workspace: ws })
    ok(await job.run('.', { arch: 'amd64', tags: `${image}:1`, push: true }))
    const m = await job.run('.', {
      merge: 'amd64',
      tags: `${image}:1`,
      annotations: [
        `index:org.opencontainers.image.version=${unique}`,
        'manifest-descriptor[linux/amd64]:org.opencontainers.image.description=the amd64 leg',
        'manifest:org.opencontainers.image.revision=abc'
      ].join('\n')
    })
    ok(m)
    expect(m.stdout).toContain(`--annotation index:org.opencontainers.image.version=${unique}`)
    expect(m.stdout).toContain("merge: 1 annotation(s) of the legs' image manifests left out")
    const index = await manifest(`${image}:1`)
    expect(index.body?.annotations).toEqual(
      expect.objectContaining({ 'org.opencontainers.image.version': unique })
    )
    const amd64 = (
      index.body?.manifests as { platform?: { architecture: string }; annotations?: object }[]
    ).find(x => x.platform?.architecture === 'amd64')
    expect(amd64?.annotations).toEqual(
      expect.objectContaining({ 'org.opencontainers.image.description': 'the amd64 leg' })
    )
    job.dispose()
  })

  test('inputs that cannot apply to an index fail the merge in one line', async () => {
    const job = new Job({ env: { ...env, ...d.env() }, workspace: workspace(`FROM ${env.E2E_BASE_IMAGE}\n`) })
    const spy = dockerSpy(env)
    const m = await job.run(
      '.',
      { merge: 'amd64', tags: 'r/app:1', 'build-args': 'A=1' },
      { env: { ...spy.env } }
    )
    expect(m.errors).toEqual([
      "input 'build-args': got 'A=1'; accepted: nothing with merge (the merge builds nothing: give it to the matrix legs, which build)"
    ])
    expect(spy.calls()).toEqual([])
    spy.dispose()
    job.dispose()
  })
})
