import { parse as parseYaml } from 'yaml'
import {
  generatedName,
  planBuilder,
  removeArgs,
  resolveDriver,
  tlsOpts,
  type PlanContext
} from '../../setup-builder/builder-plan.js'
import { parseNodes } from '../../setup-builder/nodes.js'
import { parse } from '../helpers/setup-builder.js'

const uuid = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d'
const ctx: PlanContext = { unique: uuid, tempDir: '/tmp/rt', env: {}, nodes: [] }
const dir = `/tmp/rt/setup-builder-${uuid}`
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
  test.each([
    ['driver-opts', 'network=host'],
    ['buildkitd-flags', '--debug'],
    ['buildkitd-config-inline', 'debug = true'],
    ['buildkit-image', 'localhost:5000/moby/buildkit:v0.20'],
    ['keep-state', 'true'],
    ['append', '- endpoint: ctx2'],
    ['endpoint', 'my-context']
  ])('auto with %s: a docker-container builder is created (the docker driver takes none of it)', (k, v) => {
    expect(resolveDriver(parse({ [k]: v }), containerd)).toBe('docker-container')
  })
})

/**
 * setup-buildx-action's own cases (__tests__/context.test.ts, getCreateArgs 0–12), with their inputs
 * and the argv the peer expects. Ours must give the same argv but for the documented differences
 * (README "setup-builder: what differs from setup-buildx-action"), applied by `asOurs`:
 *  - no insecure entitlement by default (the peer's default --buildkitd-flags is not passed);
 *  - the config file goes as --buildkitd-config (buildx's name for --config) and is the user's file
 *    itself, or ours in the step's folder for inline content (the peer copies both to a temp file);
 *  - a version, an endpoint buildx refuses (tls://) and an unknown driver fail before anything runs.
 */
const PEER_FLAGS = '--allow-insecure-entitlement security.insecure --allow-insecure-entitlement network.host'
const tmpName = '<peer temp file>'
function asOurs(peer: string[], configPath?: string): string[] {
  const out: string[] = []
  for (let i = 0; i < peer.length; i++) {
    if (peer[i] === '--buildkitd-flags' && peer[i + 1] === PEER_FLAGS) i++
    else if (peer[i] === '--config') {
      out.push('--buildkitd-config', configPath ?? peer[i + 1])
      i++
    } else out.push(peer[i])
  }
  return out
}
const peerDefaults = { use: 'true', 'cache-binary': 'true', cleanup: 'true', 'keep-state': 'false' }
const peerName = `builder-${uuid}`

// prettier-ignore
const PEER_CASES: [number, Record<string, string>, string[] | { error: string }, string?][] = [
  [0, {}, ['create', '--name', peerName, '--driver', 'docker-container', '--buildkitd-flags', PEER_FLAGS, '--use']],
  [1, { driver: 'docker' }, { error: 'nothing created: the docker driver uses the context builder' }],
  [2, { use: 'false', 'driver-opts': 'image=moby/buildkit:master\nnetwork=host' },
    ['create', '--name', peerName, '--driver', 'docker-container', '--driver-opt', 'image=moby/buildkit:master', '--driver-opt', 'network=host', '--buildkitd-flags', PEER_FLAGS]],
  [3, { driver: 'remote', endpoint: 'tls://foo:1234' }, { error: "input 'endpoint': got 'tls://foo:1234'; accepted: a BuildKit address for the remote driver" }],
  [4, { driver: 'remote', platforms: 'linux/arm64,linux/arm/v7', endpoint: 'tls://foo:1234' }, { error: "input 'endpoint': got 'tls://foo:1234'" }],
  [5, { use: 'false', 'driver-opts': '"env.no_proxy=localhost,127.0.0.1,.mydomain"' },
    ['create', '--name', peerName, '--driver', 'docker-container', '--driver-opt', '"env.no_proxy=localhost,127.0.0.1,.mydomain"', '--buildkitd-flags', PEER_FLAGS]],
  [6, { use: 'false', platforms: 'linux/amd64\n"linux/arm64,linux/arm/v7"' },
    ['create', '--name', peerName, '--driver', 'docker-container', '--buildkitd-flags', PEER_FLAGS, '--platform', 'linux/amd64,linux/arm64,linux/arm/v7']],
  [7, { use: 'false', driver: 'unknown' }, { error: "input 'driver': got 'unknown'; accepted: auto | docker | docker-container | remote | kubernetes | cloud" }],
  [8, { use: 'false', 'buildkitd-config': 'ci/buildkitd.toml' },
    ['create', '--name', peerName, '--driver', 'docker-container', '--buildkitd-flags', PEER_FLAGS, '--config', tmpName], 'ci/buildkitd.toml'],
  [9, { use: 'false', 'buildkitd-config-inline': 'debug = true' },
    ['create', '--name', peerName, '--driver', 'docker-container', '--buildkitd-flags', PEER_FLAGS, '--config', tmpName], `${dir}/buildkitd.toml`],
  [10, { use: 'false', driver: 'cloud', 'buildkitd-flags': '--allow-insecure-entitlement network.host' },
    ['create', '--name', peerName, '--driver', 'cloud', '--buildkitd-flags', '--allow-insecure-entitlement network.host']],
  [11, { use: 'true', name: 'test-builder-name' },
    ['create', '--name', 'test-builder-name', '--driver', 'docker-container', '--buildkitd-flags', PEER_FLAGS, '--use']],
  [12, { use: 'true', 'keep-state': 'true', name: 'test-builder-name' },
    ['create', '--name', 'test-builder-name', '--driver', 'docker-container', '--buildkitd-flags', PEER_FLAGS, '--use']]
]

describe("setup-buildx-action's getCreateArgs cases", () => {
  test.each(PEER_CASES)('[%d] %j', (...[, given, expected, configPath]) => {
    const inputs = () => parse({ ...peerDefaults, ...given })
    if ('error' in expected) {
      if (given.driver === 'docker') {
        // The peer never runs create for the docker driver either: the context's builder is used.
        const plan = planBuilder(inputs(), classic, ctx)
        expect(plan.create).toBeUndefined()
        expect(plan.inspect).toEqual(['buildx', 'inspect', 'default'])
      } else expect(inputs).toThrow(expected.error)
      return
    }
    expect(planBuilder(inputs(), classic, ctx).create).toEqual(['buildx', ...asOurs(expected, configPath)])
  })
  test('[12] keep-state: the post step keeps the state volume', () => {
    expect(removeArgs('test-builder-name', true)).toEqual([
      'buildx',
      'rm',
      '--keep-state',
      '--force',
      'test-builder-name'
    ])
    expect(removeArgs('test-builder-name', false)).toEqual(['buildx', 'rm', '--force', 'test-builder-name'])
  })
  test('[10] the entitlement in cloud buildkitd-flags is granted to later steps', () => {
    expect(
      parse({ driver: 'cloud', 'buildkitd-flags': '--allow-insecure-entitlement network.host' }).granted
    ).toEqual(['network.host'])
  })
})

describe('planBuilder', () => {
  test('docker driver: the context builder is inspected, nothing created', () => {
    expect(planBuilder(parse({}), { containerdStore: true, context: 'ci' }, ctx)).toEqual({
      name: 'ci',
      driver: 'docker',
      append: [],
      inspect: ['buildx', 'inspect', 'ci'],
      dir,
      files: {},
      secrets: []
    })
  })
  test('docker-container: options, flags, platforms, use and the inline config in the step folder', () => {
    const plan = planBuilder(
      parse({
        driver: 'docker-container',
        'driver-opts': 'network=host\nimage=localhost:5000/buildkit:v0.20',
        'buildkitd-config-inline': '[worker.oci]\n  max-parallelism = 2',
        'allow-insecure-entitlements': 'network.host,security.insecure',
        platforms: 'linux/amd64,linux/arm64'
      }),
      classic,
      {
        ...ctx,
        env: { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'Build' },
        unique: 'a1b2c3d4'
      }
    )
    const name = 'builder-42-2-build-a1b2c3d4'
    const folder = '/tmp/rt/setup-builder-a1b2c3d4'
    expect(plan.create).toEqual([
      'buildx', 'create', '--name', name, '--driver', 'docker-container',
      '--driver-opt', 'network=host',
      '--driver-opt', 'image=localhost:5000/buildkit:v0.20',
      '--buildkitd-flags', '--allow-insecure-entitlement=network.host --allow-insecure-entitlement=security.insecure',
      '--platform', 'linux/amd64,linux/arm64',
      '--use',
      '--buildkitd-config', `${folder}/buildkitd.toml`
    ]) // prettier-ignore
    expect(plan.files).toEqual({ [`${folder}/buildkitd.toml`]: '[worker.oci]\n  max-parallelism = 2' })
    expect(plan.dir).toBe(folder)
    expect(plan.inspect).toEqual(['buildx', 'inspect', '--bootstrap', name])
  })
  test('no insecure entitlement unless asked; use: false passes no --use', () => {
    const plan = planBuilder(parse({ driver: 'docker-container', use: 'false' }), classic, ctx)
    expect(plan.create).toEqual([
      'buildx',
      'create',
      '--name',
      `builder-${uuid}`,
      '--driver',
      'docker-container'
    ])
  })
  test('remote: the endpoint is the last argument; a given name is used', () => {
    const plan = planBuilder(parse({ driver: 'remote', endpoint: 'tcp://bk:1234', name: 'bk' }), classic, ctx)
    expect(plan.create).toEqual([
      'buildx',
      'create',
      '--name',
      'bk',
      '--driver',
      'remote',
      '--use',
      'tcp://bk:1234'
    ])
  })
  test('kubernetes and cloud are passed to buildx as the peer passes them', () => {
    expect(
      planBuilder(
        parse({ driver: 'kubernetes', 'driver-opts': 'namespace=ci,replicas=2', 'buildkit-image': 'ghcr.io/acme/buildkit:1' }),
        classic,
        ctx
      ).create
    ).toEqual([
      'buildx', 'create', '--name', `builder-${uuid}`, '--driver', 'kubernetes',
      '--driver-opt', 'namespace=ci,replicas=2', '--driver-opt', 'image=ghcr.io/acme/buildkit:1', '--use'
    ]) // prettier-ignore
    expect(planBuilder(parse({ driver: 'cloud', endpoint: 'acme/default', name: 'cloud' }), classic, ctx).create).toEqual([
      'buildx', 'create', '--name', 'cloud', '--driver', 'cloud', '--use', 'acme/default'
    ]) // prettier-ignore
  })
})

describe('generated names', () => {
  test('run id, attempt, job and a per-step random: legs, attempts and jobs never share one', () => {
    const env = { GITHUB_RUN_ID: '9001', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'build' }
    const names = new Set([
      generatedName(env, 'aaaa1111'),
      generatedName(env, 'bbbb2222'), // another matrix leg of the same job
      generatedName({ ...env, GITHUB_RUN_ATTEMPT: '2' }, 'aaaa1111'),
      generatedName({ ...env, GITHUB_JOB: 'test' }, 'aaaa1111')
    ])
    expect(names.size).toBe(4)
    expect(generatedName(env, 'aaaa1111')).toBe('builder-9001-1-build-aaaa1111')
    expect(generatedName({ GITHUB_JOB: 'My Job!' }, 'x')).toMatch(/^[a-z][a-z0-9._-]*$/)
  })
})

describe('buildkit-image', () => {
  const image = (m: Record<string, string>) =>
    planBuilder(parse({ driver: 'docker-container', use: 'false', ...m }), classic, ctx).create?.slice(6)
  test("buildx's default passes no option; another image is passed as image=", () => {
    expect(image({})).toEqual([])
    expect(image({ 'buildkit-image': 'localhost:5555/moby/buildkit:v0.34.2' })).toEqual([
      '--driver-opt',
      'image=localhost:5555/moby/buildkit:v0.34.2'
    ])
  })
  test("a user's image= in driver-opts wins over the default; the same image twice is one", () => {
    expect(image({ 'driver-opts': 'image=a/b:1' })).toEqual(['--driver-opt', 'image=a/b:1'])
    expect(image({ 'driver-opts': 'image=a/b:1', 'buildkit-image': 'a/b:1' })).toEqual([
      '--driver-opt',
      'image=a/b:1'
    ])
  })
  test('two different images fail in one line', () => {
    expect(() => image({ 'driver-opts': 'network=host,image=a/b:1', 'buildkit-image': 'c/d:2' })).toThrow(
      "input 'buildkit-image': got 'c/d:2'; accepted: the image driver-opts names (image=a/b:1), or leave one of the two at its default"
    )
  })
})

describe('remote TLS: BUILDER_NODE_<n>_AUTH_TLS_* as actions-toolkit resolveCertsDriverOpts', () => {
  const pem = (s: string) => `-----BEGIN ${s}-----\nMII${s}\n-----END ${s}-----\n`
  const env = {
    BUILDER_NODE_0_AUTH_TLS_CACERT: pem('CA'),
    BUILDER_NODE_0_AUTH_TLS_CERT: pem('CERT'),
    BUILDER_NODE_0_AUTH_TLS_KEY: pem('KEY'),
    BUILDER_NODE_1_AUTH_TLS_CACERT: pem('CA1')
  }
  test('written to cacert_|cert_|key_<host>-<port>.pem and passed after the user options', () => {
    const plan = planBuilder(
      parse({
        driver: 'remote',
        endpoint: 'tcp://bk.example:1234',
        'driver-opts': 'servername=bk',
        name: 'bk'
      }),
      classic,
      { ...ctx, env }
    )
    expect(plan.create).toEqual([
      'buildx', 'create', '--name', 'bk', '--driver', 'remote',
      '--driver-opt', 'servername=bk',
      '--driver-opt', `cacert=${dir}/certs/cacert_bk.example-1234.pem`,
      '--driver-opt', `cert=${dir}/certs/cert_bk.example-1234.pem`,
      '--driver-opt', `key=${dir}/certs/key_bk.example-1234.pem`,
      '--use', 'tcp://bk.example:1234'
    ]) // prettier-ignore
    expect(plan.files).toEqual({
      [`${dir}/certs/cacert_bk.example-1234.pem`]: pem('CA'),
      [`${dir}/certs/cert_bk.example-1234.pem`]: pem('CERT'),
      [`${dir}/certs/key_bk.example-1234.pem`]: pem('KEY')
    })
    expect(plan.secrets).toEqual(['MIIKEY'])
  })
  test('appended nodes read BUILDER_NODE_<index from 1>', () => {
    const yaml = '- name: n1\n  endpoint: tcp://arm:1234\n- name: n2\n  endpoint: unix:///run/bk.sock'
    const nodes = parseNodes(parseYaml(yaml), 'remote', yaml)
    const plan = planBuilder(
      parse({ driver: 'remote', endpoint: 'tcp://amd:1234', name: 'multi', use: 'false' }),
      classic,
      {
        ...ctx,
        env,
        nodes
      }
    )
    expect(plan.append).toEqual([
      ['buildx', 'create', '--name', 'multi', '--append', '--node', 'n1', '--driver-opt', `cacert=${dir}/certs/cacert_arm-1234.pem`, 'tcp://arm:1234'],
      ['buildx', 'create', '--name', 'multi', '--append', '--node', 'n2', 'unix:///run/bk.sock']
    ]) // prettier-ignore
  })
  test('only for the remote driver and tcp:// endpoints; unset or empty variables add nothing', () => {
    const none = { opts: [], files: {}, secrets: [] }
    expect(tlsOpts('docker-container', 'tcp://a:1', 0, { dir, env })).toEqual(none)
    expect(tlsOpts('remote', 'unix:///run/bk.sock', 0, { dir, env })).toEqual(none)
    expect(tlsOpts('remote', 'tcp://a', 2, { dir, env })).toEqual(none)
    expect(tlsOpts('remote', 'tcp://a', 0, { dir, env: { BUILDER_NODE_0_AUTH_TLS_CACERT: '' } })).toEqual(
      none
    )
    expect(tlsOpts('remote', 'tcp://a', 0, { dir, env }).opts[0]).toBe(`cacert=${dir}/certs/cacert_a.pem`)
  })
})
