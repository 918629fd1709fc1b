// The three actions, bundled, through the runner emulation, on the real engine and registry.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { manifest } from '../../test-support/registry.js'
import { dockerSpy } from '../../test-support/docker-spy.mjs'

const env = engineEnv()
const docker = (...args: string[]) =>
  execFileSync('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })
const unique = `${Date.now()}`

function workspace(marker: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-'))
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      `FROM ${env.E2E_BASE_IMAGE}`,
      `RUN echo "deps ${unique}" > /deps && sleep 1`,
      'COPY app.txt /app.txt',
      'RUN cat /app.txt > /built'
    ].join('\n') + '\n'
  )
  writeFileSync(join(dir, 'app.txt'), `${marker}\n`)
  return dir
}

describe('setup-builder → build → prune on the real engine', () => {
  const image = `${env.E2E_REGISTRY}/e2e/foundation`
  const ws = workspace('v1')
  const job = new Job({ env, workspace: ws })
  afterAll(() => job.dispose())

  test('setup-builder selects the engine builder and exports it', async () => {
    const s = await job.run('setup-builder', { syntax: 'none' })
    expect(s.errors).toEqual([])
    expect(s.code).toBe(0)
    expect(s.outputs.driver).toBe('docker') // auto: the engine keeps images in containerd
    expect(s.outputs.name).toBe('default')
    expect(s.outputs['buildx-version']).toMatch(/^\d+\.\d+\.\d+$/)
    expect(s.outputs.platforms.split(',')).toContain('linux/amd64')
    expect(job.env.BUILDX_BUILDER).toBe('default')
  })

  test('build pushes, and the digest output is what the registry serves', async () => {
    const b = await job.run('.', { tags: `${image}:1`, push: true })
    expect(b.errors).toEqual([])
    expect(b.code).toBe(0)
    expect(b.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    const served = await manifest(`${image}:1`)
    expect(served.status).toBe(200)
    expect(served.digest).toBe(b.outputs.digest)
    expect(JSON.parse(b.outputs.metadata)['containerimage.digest']).toBe(b.outputs.digest)
    expect(b.stdout).toContain('--progress=plain')
  })

  test('a registry cache survives `buildx prune -af`: the rebuild shows cached steps', async () => {
    const cache = `${image}:buildcache`
    const first = await job.run('.', {
      tags: `${image}:2`,
      push: true,
      'cache-to': `type=registry,ref=${cache},mode=max`
    })
    expect(first.code).toBe(0)
    expect((await manifest(cache)).status).toBe(200)
    docker('buildx', 'prune', '-af')
    const second = await job.run('.', {
      tags: `${image}:3`,
      push: true,
      'cache-from': `type=registry,ref=${cache}`
    })
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/#\d+ \[2\/4\] RUN echo "deps[^\n]*\n#\d+ CACHED/)
    expect(second.stdout).toMatch(/#\d+ \[4\/4\] RUN cat[^\n]*\n#\d+ CACHED/)
  })

  test('prune (builder) reclaims the cache; a dry run deletes nothing', async () => {
    const dry = await job.run('prune', { 'dry-run': true })
    expect(dry.code).toBe(0)
    expect(Number(dry.outputs['deleted-count'])).toBeGreaterThan(0)
    const dryAgain = await job.run('prune', { 'dry-run': true })
    expect(dryAgain.outputs['deleted-count']).toBe(dry.outputs['deleted-count'])
    expect(dry.summary).toContain('prune: builder (dry run)')

    const p = await job.run('prune', { all: true })
    expect(p.code).toBe(0)
    expect(Number(p.outputs['deleted-bytes'])).toBeGreaterThan(0)
    expect(Number(p.outputs['deleted-count'])).toBeGreaterThanOrEqual(Number(dry.outputs['deleted-count']))
    const after = await job.run('prune', { 'dry-run': true, all: true })
    expect(after.outputs['deleted-count']).toBe('0')
  })
})

describe('post step', () => {
  test('removes a builder setup-builder created, even when the main step failed', async () => {
    const job = new Job({ env })
    const name = `e2e-remote-${unique}`
    // Nothing listens there: the builder is created, bootstrapping fails, the post step cleans up.
    const s = await job.run('setup-builder', {
      driver: 'remote',
      endpoint: 'tcp://127.0.0.1:9',
      name,
      syntax: 'none'
    })
    expect(s.code).toBe(1)
    expect(s.state['created-builder']).toBe(name)
    expect(docker('buildx', 'ls')).toContain(name)
    const [post] = await job.complete()
    expect(post.code).toBe(0)
    expect(docker('buildx', 'ls')).not.toContain(name)
    job.dispose()
  })
})

describe('bad input: one line, no command started', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'setup-builder',
      { driver: 'podman' },
      "input 'driver': got 'podman'; accepted: auto | docker | docker-container | remote | kubernetes | cloud"
    ],
    ['setup-builder', { driver: 'remote' }, "input 'endpoint': got ''; accepted: a BuildKit address"],
    ['.', { push: 'perhaps' }, "input 'push': got 'perhaps'; accepted: true | false"],
    [
      '.',
      { allow: 'network.none' },
      "input 'allow': got 'network.none'; accepted: network.host | security.insecure"
    ],
    ['prune', { 'keep-storage': 'lots' }, "input 'keep-storage': got 'lots'; accepted: a size such as 500MB"],
    ['prune', { until: '7 days' }, "input 'until': got '7 days'; accepted: a duration such as"]
  ]
  test.each(cases)('%s %j', async (action, inputs, message) => {
    const spy = dockerSpy(env)
    const job = new Job({ env: { ...env, ...spy.env } })
    const r = await job.run(action, inputs)
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toContain(message)
    expect(r.errors[0].split('\n')).toHaveLength(1)
    expect(r.stdout).not.toMatch(/^\s+at /m) // no stack trace
    expect(spy.calls()).toEqual([])
    job.dispose()
  })
})
