// setup-builder on the real engine: frontend pinning against the local registry, emulation, entitlements.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { Job } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { manifest } from '../../test-support/registry.js'
import { dockerSpy } from '../../test-support/docker-spy.mjs'

const env = engineEnv()
const docker = (...args: string[]) =>
  execFileSync('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })
// A stand-in frontend image in the local registry: resolution and propagation are what is tested.
const frontend = `${env.E2E_REGISTRY}/frontends/dockerfile`

beforeAll(() => {
  docker('buildx', 'imagetools', 'create', '-t', `${frontend}:1.0`, env.E2E_BASE_IMAGE)
})

test('syntax: the tag is resolved to the digest the registry serves, exported for later steps', async () => {
  const job = new Job({ env })
  const r = await job.run('setup-builder', { syntax: `${frontend}:1.0` })
  expect(r.errors).toEqual([])
  const served = await manifest(`${frontend}:1.0`)
  expect(r.outputs.syntax).toBe(`${frontend}:1.0@${served.digest}`)
  expect(job.env.BUILD_SUITE_SYNTAX).toBe(r.outputs.syntax)
  expect(job.env.BUILD_SUITE_ALLOWED_SYNTAX).toBe('docker/dockerfile:*\ndocker/dockerfile-upstream:*')
  job.dispose()
})

test('syntax: an unresolvable ref fails with the ref and the registry answer; syntax-resolve: false accepts it', async () => {
  const job = new Job({ env })
  const missing = `${frontend}:9.9`
  const r = await job.run('setup-builder', { syntax: missing })
  expect(r.code).toBe(1)
  expect(r.errors).toEqual([
    `syntax: cannot resolve ${missing} to a digest: ${missing}: not found (set syntax-resolve: false to use the tag as given, or syntax: none to turn pinning off)`
  ])
  const asGiven = await job.run('setup-builder', { syntax: missing, 'syntax-resolve': false })
  expect(asGiven.code).toBe(0)
  expect(asGiven.outputs.syntax).toBe(missing)
  const off = await job.run('setup-builder', { syntax: 'none' })
  expect(off.outputs.syntax).toBe('')
  expect(job.env.BUILD_SUITE_SYNTAX).toBe('')
  job.dispose()
})

test('entitlements: none unless asked; asked ones are exported', async () => {
  const job = new Job({ env })
  const none = await job.run('setup-builder', { syntax: 'none' })
  expect(none.outputs.entitlements).toBe('')
  const some = await job.run('setup-builder', {
    syntax: 'none',
    'allow-insecure-entitlements': 'network.host'
  })
  expect(some.outputs.entitlements).toBe('network.host')
  expect(job.env.BUILD_SUITE_ENTITLEMENTS).toBe('network.host')
  job.dispose()
})

describe('platforms', () => {
  const entry = '/proc/sys/fs/binfmt_misc/qemu-ppc64le'
  afterAll(() => {
    // Leave the host as the environment script set it up.
    if (existsSync(entry)) execFileSync('sh', ['-c', `echo -1 > ${entry}`])
  })

  test('a foreign platform with an installed emulator gets registered, and builds run under it', async () => {
    if (existsSync(entry)) execFileSync('sh', ['-c', `echo -1 > ${entry}`])
    const job = new Job({ env })
    const r = await job.run('setup-builder', {
      syntax: 'none',
      platforms: 'linux/amd64,linux/arm64,linux/ppc64le'
    })
    expect(r.errors).toEqual([])
    expect(r.stdout).toContain('Registering QEMU emulation: /usr/lib/binfmt.d/qemu-ppc64le.conf')
    expect(readFileSync(entry, 'utf8')).toMatch(/^enabled/)
    job.dispose()
  })

  test('a platform that cannot be emulated is named, before any command runs', async () => {
    const spy = dockerSpy(env)
    const job = new Job({ env: { ...env, ...spy.env } })
    const r = await job.run('setup-builder', { syntax: 'none', platforms: 'windows/amd64' })
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([
      'platforms: cannot build for windows/amd64: QEMU runs Linux binaries only: build it on a windows runner'
    ])
    expect(spy.calls()).toEqual([])
    job.dispose()
  })
})
