import { Inputs } from '../lib/inputs.js'
import { parseSetupInputs } from '../setup-builder/inputs.js'
import { planBuilder, resolveDriver } from '../setup-builder/builder-plan.js'
import { planResolve, pinnedRef } from '../setup-builder/frontend.js'
import { planEmulation, registerLine } from '../setup-builder/emulation-plan.js'
import { pluginDirs } from '../lib/buildx.js'

const defaults = {
  driver: 'auto',
  cleanup: 'true',
  syntax: 'docker/dockerfile:1.18.0',
  'syntax-resolve': 'true',
  'allowed-syntax': 'docker/dockerfile:*,docker/dockerfile-upstream:*'
}
const parse = (m: Record<string, string>) =>
  parseSetupInputs(new Inputs(n => ({ ...defaults, ...m })[n] ?? ''))
const ctx = { runId: '42-build', tempDir: '/tmp/rt' }
const containerd = { containerdStore: true, context: 'default' }
const classic = { containerdStore: false, context: 'default' }

describe('setup-builder inputs', () => {
  test.each([
    [{ driver: 'k8s' }, "input 'driver': got 'k8s'; accepted: auto | docker | docker-container | remote"],
    [{ driver: 'remote' }, "input 'endpoint': got ''; accepted: a BuildKit address such as tcp://host:1234"],
    [{ endpoint: 'tcp://x:1' }, "input 'endpoint': got 'tcp://x:1'; accepted: empty unless driver is remote"],
    [{ name: '-x' }, "input 'name': got '-x'; accepted: letters, digits"],
    [{ 'driver-opts': 'network' }, "input 'driver-opts': got 'network'; accepted: key=value lines"],
    [
      { driver: 'docker', 'driver-opts': 'a=b' },
      "input 'driver': got 'docker'; accepted: docker-container or remote"
    ],
    [
      { platforms: 'linux/arm64/v8/x' },
      "input 'platforms': got 'linux/arm64/v8/x'; accepted: os/arch[/variant]"
    ],
    [{ syntax: 'Docker/Dockerfile' }, "input 'syntax': got 'Docker/Dockerfile'"],
    [{ 'syntax-resolve': 'maybe' }, "input 'syntax-resolve': got 'maybe'; accepted: true | false"],
    [{ 'allowed-syntax': 'docker/Dockerfile:*' }, "input 'allowed-syntax': got 'docker/Dockerfile:*'"],
    [
      { 'allow-insecure-entitlements': 'device' },
      "input 'allow-insecure-entitlements': got 'device'; accepted: network.host | security.insecure"
    ],
    [{ cleanup: 'sometimes' }, "input 'cleanup': got 'sometimes'; accepted: true | false"]
  ])('%j', (inputs, message) => expect(() => parse(inputs)).toThrow(message))
})

describe('driver choice', () => {
  test('auto picks docker when the engine keeps images in containerd, else docker-container', () => {
    expect(resolveDriver(parse({}), containerd)).toBe('docker')
    expect(resolveDriver(parse({}), classic)).toBe('docker-container')
  })
  test('an explicit driver wins', () => {
    expect(resolveDriver(parse({ driver: 'docker' }), classic)).toBe('docker')
  })
})

describe('planBuilder', () => {
  test('docker driver: the context builder is inspected, nothing created', () => {
    expect(planBuilder(parse({}), { containerdStore: true, context: 'ci' }, ctx)).toEqual({
      name: 'ci',
      driver: 'docker',
      inspect: ['buildx', 'inspect', 'ci'],
      files: {}
    })
  })
  test('docker-container: create with options, config file and platforms, then bootstrap', () => {
    const plan = planBuilder(
      parse({
        driver: 'docker-container',
        'driver-opts': 'network=host\nimage=localhost:5000/buildkit:v0.20',
        'buildkitd-config-inline': '[worker.oci]\n  max-parallelism = 2',
        platforms: 'linux/amd64,linux/arm64'
      }),
      classic,
      ctx
    )
    expect(plan.create).toEqual([
      'buildx',
      'create',
      '--name',
      'builder-42-build',
      '--driver',
      'docker-container',
      '--driver-opt',
      'network=host',
      '--driver-opt',
      'image=localhost:5000/buildkit:v0.20',
      '--buildkitd-config',
      '/tmp/rt/buildkitd-builder-42-build.toml',
      '--platform',
      'linux/amd64,linux/arm64'
    ])
    expect(plan.files).toEqual({
      '/tmp/rt/buildkitd-builder-42-build.toml': '[worker.oci]\n  max-parallelism = 2'
    })
    expect(plan.inspect).toEqual(['buildx', 'inspect', '--bootstrap', 'builder-42-build'])
  })
  test('remote: the endpoint is the last argument; a given name is used', () => {
    const plan = planBuilder(parse({ driver: 'remote', endpoint: 'tcp://bk:1234', name: 'bk' }), classic, ctx)
    expect(plan.create).toEqual(['buildx', 'create', '--name', 'bk', '--driver', 'remote', 'tcp://bk:1234'])
  })
})

describe('pinning and entitlements', () => {
  test('syntax none turns pinning off; a tag is kept with its normalised reference', () => {
    expect(parse({ syntax: 'none' }).syntax).toBeUndefined()
    expect(parse({}).syntax).toEqual({
      given: 'docker/dockerfile:1.18.0',
      ref: { registry: 'docker.io', repository: 'docker/dockerfile', tag: '1.18.0' }
    })
  })
  test('the digest is read with imagetools and appended to the tag as given', () => {
    expect(planResolve('localhost:5555/fe/dockerfile:1')).toEqual([
      'buildx',
      'imagetools',
      'inspect',
      '--format',
      '{{json .Manifest}}',
      'localhost:5555/fe/dockerfile:1'
    ])
    const d = `sha256:${'a'.repeat(64)}`
    expect(pinnedRef('docker/dockerfile:1.18.0', d)).toBe(`docker/dockerfile:1.18.0@${d}`)
    expect(pinnedRef(`docker/dockerfile:1.18.0@sha256:${'b'.repeat(64)}`, d)).toBe(
      `docker/dockerfile:1.18.0@${d}`
    )
  })
  test('no insecure entitlement unless asked; asked ones become buildkitd flags', () => {
    expect(planBuilder(parse({ driver: 'docker-container' }), classic, ctx).create).not.toContain(
      '--buildkitd-flags'
    )
    const plan = planBuilder(
      parse({ driver: 'docker-container', 'allow-insecure-entitlements': 'network.host,security.insecure' }),
      classic,
      ctx
    )
    expect(plan.create?.slice(-2)).toEqual([
      '--buildkitd-flags',
      '--allow-insecure-entitlement=network.host --allow-insecure-entitlement=security.insecure'
    ])
  })
})

describe('emulation', () => {
  const facts = {
    native: ['linux/amd64', 'linux/386'],
    registered: ['qemu-arm'],
    available: {
      'qemu-aarch64': '/usr/lib/binfmt.d/qemu-aarch64.conf',
      'qemu-arm': '/usr/lib/binfmt.d/qemu-arm.conf'
    }
  }
  test('native and registered platforms need nothing; installable ones are registered once', () => {
    expect(planEmulation(['linux/amd64', 'linux/arm/v7', 'linux/arm64', 'linux/arm64/v8'], facts)).toEqual({
      register: ['/usr/lib/binfmt.d/qemu-aarch64.conf'],
      missing: []
    })
  })
  test('a platform with no emulator installed is named with what to do', () => {
    expect(planEmulation(['linux/s390x'], facts).missing).toEqual([
      {
        platform: 'linux/s390x',
        why: 'no qemu-s390x emulator is registered and none is installed (install qemu-user-static, or run a binfmt installer image such as tonistiigi/binfmt)'
      }
    ])
    expect(planEmulation(['windows/amd64'], { ...facts, native: [] }).missing[0].why).toBe(
      'QEMU runs Linux binaries only: build it on a windows runner'
    )
  })
  test('the register line is the entry without comments', () => {
    expect(
      registerLine(
        '# comment\n:qemu-aarch64:M::\\x7fELF:\\xff:/usr/libexec/qemu-binfmt/aarch64-binfmt-P:OCF\n'
      )
    ).toBe(':qemu-aarch64:M::\\x7fELF:\\xff:/usr/libexec/qemu-binfmt/aarch64-binfmt-P:OCF')
  })
})

describe('buildx plugin lookup', () => {
  const system = [
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins'
  ]
  test("the docker CLI's order: config.json's extra dirs, the config dir, the system dirs", () => {
    const read = (() =>
      '{"cliPluginsExtraDirs":["/opt/plugins"]}') as unknown as typeof import('node:fs').readFileSync
    expect(pluginDirs({ DOCKER_CONFIG: '/cfg' }, read)).toEqual([
      '/opt/plugins',
      '/cfg/cli-plugins',
      ...system
    ])
  })
  test('no config.json: the config dir and the system dirs', () => {
    const read = (() => {
      throw new Error('ENOENT')
    }) as unknown as typeof import('node:fs').readFileSync
    expect(pluginDirs({ DOCKER_CONFIG: '/cfg' }, read)).toEqual(['/cfg/cli-plugins', ...system])
  })
})
