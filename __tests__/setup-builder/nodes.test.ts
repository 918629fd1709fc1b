import { parse } from 'yaml'
import { appendArgs, nodeOutput, parseNodes } from '../../setup-builder/nodes.js'
import { parseInspect } from '../../lib/buildx.js'

const nodes = (yaml: string, driver: Parameters<typeof parseNodes>[1] = 'docker-container') =>
  parseNodes(parse(yaml), driver, yaml)

describe('append: setup-buildx-action nodes', () => {
  // setup-buildx-action context.test.ts, getAppendArgs case 0 (the node as YAML, as users write it)
  const graviton = `
- name: aws_graviton2
  endpoint: ssh://me@graviton2
  driver-opts:
    - image=moby/buildkit:latest
  buildkitd-flags: --allow-insecure-entitlement security.insecure --allow-insecure-entitlement network.host
  platforms: linux/arm64
`
  test("the peer's node gives the peer's argv", () => {
    const [node] = nodes(graviton)
    expect(
      appendArgs('builder-9b1deb4d', node, { runsBuildkitd: true, entitlements: [], extraOpts: [] })
    ).toEqual([
      'buildx',
      'create',
      '--name',
      'builder-9b1deb4d',
      '--append',
      '--node',
      'aws_graviton2',
      '--driver-opt',
      'image=moby/buildkit:latest',
      '--buildkitd-flags',
      '--allow-insecure-entitlement security.insecure --allow-insecure-entitlement network.host',
      '--platform',
      'linux/arm64',
      'ssh://me@graviton2'
    ])
    expect(node.granted).toEqual(['security.insecure', 'network.host'])
  })

  test('a remote node with a quoted option, list platforms, a config file and the granted entitlements', () => {
    const [node] = nodes(
      `
- name: arm
  endpoint: tcp://arm.example:1234
  driver-opts: |
    "env.no_proxy=a,b"
  platforms: [linux/arm64, linux/arm/v7]
  buildkitd-config: ci/buildkitd.toml
`,
      'remote'
    )
    expect(
      appendArgs('b', node, {
        runsBuildkitd: false,
        entitlements: ['network.host'],
        extraOpts: ['cacert=/t/c.pem']
      })
    ).toEqual([
      'buildx',
      'create',
      '--name',
      'b',
      '--append',
      '--node',
      'arm',
      '--driver-opt',
      '"env.no_proxy=a,b"',
      '--driver-opt',
      'cacert=/t/c.pem',
      '--platform',
      'linux/arm64,linux/arm/v7',
      '--buildkitd-config',
      'ci/buildkitd.toml',
      'tcp://arm.example:1234'
    ])
    // docker-container nodes get the granted entitlements as flags, as the first node does
    const [local] = nodes('- endpoint: other-context')
    expect(
      appendArgs('b', local, { runsBuildkitd: true, entitlements: ['network.host'], extraOpts: [] })
    ).toEqual([
      'buildx',
      'create',
      '--name',
      'b',
      '--append',
      '--buildkitd-flags',
      '--allow-insecure-entitlement=network.host',
      'other-context'
    ])
  })

  test('empty append: no nodes', () => {
    expect(nodes('')).toEqual([])
  })

  test.each([
    ['name: x', 'a YAML list of nodes'],
    ['- just-a-string', 'node 1: a mapping of name, endpoint'],
    [
      '- name: a\n  buildkitd-config-inline: x',
      "node 1: the keys name, endpoint, driver-opts, buildkitd-flags, platforms, buildkitd-config (not 'buildkitd-config-inline')"
    ],
    ['- name: 9lives', 'node 1: a node name of a letter'],
    ['- endpoint: tcp://a:1\n- endpoint: ftp://x', 'accepted: a docker context name or a docker host'],
    ['- platforms: linux/arm64/v8/x', "node 1: platforms such as linux/arm64 (not 'linux/arm64/v8/x')"],
    ['- driver-opts: [network]', 'accepted: key=value options'],
    ['- driver-opts: {a: b}', 'node 1: driver-opts as a string or a list of strings'],
    ['- endpoint: "--use"', 'accepted: a value that does not start with "-"']
  ])('%j fails in one line naming append', (yaml, message) => {
    expect(() => nodes(yaml)).toThrow("input 'append'")
    expect(() => nodes(yaml)).toThrow(message)
  })

  test('a remote node needs a BuildKit address', () => {
    expect(() => nodes('- name: a', 'remote')).toThrow('a BuildKit address for the remote driver')
    expect(() => nodes('- endpoint: tls://a:1', 'remote')).toThrow('a BuildKit address for the remote driver')
  })
})

describe('nodes output', () => {
  const inspect = `Name:   builder-1
Driver: docker-container

Nodes:
Name:                  builder-10
Endpoint:              unix:///var/run/docker.sock
Driver Options:        image="moby/buildkit:v0.34.2" network="host"
Status:                running
BuildKit daemon flags: --allow-insecure-entitlement=network.host
BuildKit version:      v0.34.2
Platforms:             linux/amd64*, linux/arm64*, linux/amd64/v2
`
  test("a node with setup-buildx-action's keys in its order: driver-opts, buildkitd-flags, buildkit", () => {
    const out = nodeOutput(parseInspect(inspect).nodes[0])
    expect(JSON.stringify(out)).toBe(
      JSON.stringify({
        name: 'builder-10',
        endpoint: 'unix:///var/run/docker.sock',
        'driver-opts': ['image=moby/buildkit:v0.34.2', 'network=host'],
        status: 'running',
        'buildkitd-flags': '--allow-insecure-entitlement=network.host',
        buildkit: '0.34.2',
        platforms: 'linux/amd64,linux/arm64,linux/amd64/v2'
      })
    )
  })
  test('what a node does not report is left out, as the peer leaves it undefined', () => {
    const bare = inspect.replace(/^(Driver Options|BuildKit daemon flags|BuildKit version):.*\n/gm, '')
    expect(Object.keys(nodeOutput(parseInspect(bare).nodes[0]))).toEqual([
      'name',
      'endpoint',
      'status',
      'platforms'
    ])
  })
})

test('two nodes of one name: one line naming both, before anything runs (buildx would mix them)', () => {
  const yaml =
    '- name: n1\n  endpoint: unix:///a\n- name: n2\n  endpoint: unix:///b\n- name: n1\n  endpoint: unix:///c'
  expect(() => nodes(yaml, 'remote')).toThrow(`accepted: each node name once ('n1' names nodes 1 and 3)`)
  // Unnamed nodes get buildx's generated names: no clash.
  expect(nodes('- endpoint: unix:///a\n- endpoint: unix:///b', 'remote')).toHaveLength(2)
})
