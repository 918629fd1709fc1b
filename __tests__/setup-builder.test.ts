import { Inputs } from '../lib/inputs.js'
import { parseSetupInputs } from '../setup-builder/inputs.js'
import { planBuilder, resolveDriver } from '../setup-builder/plan.js'

const defaults = { driver: 'auto', cleanup: 'true' }
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
      { driver: 'docker', platforms: 'linux/arm64' },
      "input 'driver': got 'docker'; accepted: docker-container or remote"
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
