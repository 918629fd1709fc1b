import { planBuilder, resolveDriver } from '../../setup-builder/builder-plan.js'
import { parse } from '../helpers/setup-builder.js'

const ctx = { runId: '42-build', tempDir: '/tmp/rt' }
const containerd = { containerdStore: true, context: 'default' }
const classic = { containerdStore: false, context: 'default' }

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
