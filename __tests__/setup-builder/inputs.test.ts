import { parse } from '../helpers/setup-builder.js'

describe('setup-builder inputs: each bad value fails in one line naming the input', () => {
  test.each([
    [
      { driver: 'k8s' },
      "input 'driver': got 'k8s'; accepted: auto | docker | docker-container | remote | kubernetes | cloud"
    ],
    [{ driver: 'remote' }, "input 'endpoint': got ''; accepted: a BuildKit address for the remote driver"],
    [
      { driver: 'remote', endpoint: 'ftp://x' },
      "input 'endpoint': got 'ftp://x'; accepted: a BuildKit address for the remote driver: docker-container:// kube-pod:// npipe:// ssh:// tcp:// unix://"
    ],
    [{ driver: 'remote', endpoint: 'tls://foo:1234' }, "input 'endpoint': got 'tls://foo:1234'"],
    [
      { endpoint: 'ftp://x' },
      "input 'endpoint': got 'ftp://x'; accepted: a docker context name or a docker host"
    ],
    [
      { driver: 'docker', endpoint: 'tcp://x:1' },
      "input 'endpoint': got 'tcp://x:1'; accepted: empty with the docker driver"
    ],
    [
      { driver: 'docker-container', endpoint: '--use' },
      "input 'endpoint': got '--use'; accepted: a value that does not start with \"-\""
    ],
    [{ driver: 'cloud', endpoint: 'acme/ x' }, "input 'endpoint': got 'acme/ x'; accepted: no spaces"],
    [
      { driver: 'remote', endpoint: 'tcp://a:1\ntcp://b:1' },
      "input 'endpoint': got 'tcp://a:1\\ntcp://b:1'; accepted: a single line"
    ],
    [{ name: '-x' }, "input 'name': got '-x'; accepted: letters, digits"],
    [
      { name: 'ci\n::set-env name=x::y' },
      "input 'name': got 'ci\\n::set-env name=x::y'; accepted: a single line"
    ],
    [
      { driver: 'docker-container', name: '9lives' },
      "input 'name': got '9lives'; accepted: a letter, then letters, digits"
    ],
    [{ driver: 'docker-container\nremote' }, "input 'driver': got 'docker-container\\nremote'"],
    [{ 'driver-opts': 'network' }, "input 'driver-opts': got 'network'; accepted: key=value options"],
    [
      { driver: 'docker', 'driver-opts': 'a=b' },
      "input 'driver': got 'docker'; accepted: docker-container, kubernetes or remote when driver-opts is set"
    ],
    [
      { driver: 'docker', 'keep-state': 'true' },
      "input 'driver': got 'docker'; accepted: docker-container, kubernetes or remote when keep-state is set"
    ],
    [
      { platforms: 'linux/arm64/v8/x' },
      "input 'platforms': got 'linux/arm64/v8/x'; accepted: os/arch[/variant]"
    ],
    [
      { 'buildkitd-config': 'a.toml', 'buildkitd-config-inline': 'debug = true' },
      "input 'buildkitd-config-inline': got 'debug = true'; accepted: empty when buildkitd-config is set"
    ],
    [
      { driver: 'remote', endpoint: 'tcp://a:1', 'buildkitd-config-inline': 'debug = true' },
      "input 'buildkitd-config-inline': got 'debug = true'; accepted: empty with the remote driver"
    ],
    [
      { driver: 'remote', endpoint: 'tcp://a:1', 'buildkitd-flags': '--debug' },
      "input 'buildkitd-flags': got '--debug'; accepted: empty with the remote driver"
    ],
    [
      { driver: 'cloud', 'buildkit-image': 'a/b:1' },
      "input 'buildkit-image': got 'a/b:1'; accepted: empty with the cloud driver"
    ],
    [
      { 'buildkit-image': 'Moby/BuildKit' },
      "input 'buildkit-image': got 'Moby/BuildKit'; accepted: an image reference"
    ],
    [{ 'binfmt-image': 'bad image' }, "input 'binfmt-image': got 'bad image'"],
    [
      { 'buildkitd-flags': '--allow-insecure-entitlement device' },
      "input 'buildkitd-flags': got '--allow-insecure-entitlement device'"
    ],
    [
      { driver: 'kubernetes', 'keep-state': 'true' },
      "input 'keep-state': got 'true'; accepted: false with the kubernetes driver"
    ],
    [{ use: 'maybe' }, "input 'use': got 'maybe'; accepted: true | false"],
    [{ 'keep-state': 'yes please' }, "input 'keep-state': got 'yes please'; accepted: true | false"],
    [{ syntax: 'Docker/Dockerfile' }, "input 'syntax': got 'Docker/Dockerfile'"],
    [{ 'syntax-resolve': 'maybe' }, "input 'syntax-resolve': got 'maybe'; accepted: true | false"],
    [{ 'allowed-syntax': 'docker/Dockerfile:*' }, "input 'allowed-syntax': got 'docker/Dockerfile:*'"],
    [
      { 'allow-insecure-entitlements': 'device' },
      "input 'allow-insecure-entitlements': got 'device'; accepted: network.host | security.insecure"
    ],
    [{ cleanup: 'sometimes' }, "input 'cleanup': got 'sometimes'; accepted: true | false"],
    // setup-buildx-action's inputs this action does not take: refused, saying why
    [
      { version: 'latest' },
      "input 'version': got 'latest'; accepted: empty: setup-builder uses the runner's buildx and installs none"
    ],
    [
      { version: 'cloud:v0.11.2-desktop.2', driver: 'cloud' },
      "input 'version': got 'cloud:v0.11.2-desktop.2'"
    ],
    [
      { config: 'ci/buildkitd.toml' },
      "input 'config': got 'ci/buildkitd.toml'; accepted: nothing: the input is named buildkitd-config"
    ],
    [
      { 'config-inline': 'debug = true' },
      "input 'config-inline': got 'debug = true'; accepted: nothing: the input is named buildkitd-config-inline"
    ],
    [
      { install: 'true' },
      "input 'install': got 'true'; accepted: false: setup-builder does not make `docker build` run buildx"
    ],
    [{ 'cache-binary': 'sometimes' }, "input 'cache-binary': got 'sometimes'; accepted: true | false"]
  ])('%j', (inputs, message) => {
    expect(() => parse(inputs)).toThrow(message)
    try {
      parse(inputs)
    } catch (e) {
      expect((e as Error).message).not.toContain('\n')
    }
  })
})

describe('accepted forms', () => {
  test('the defaults: auto, use, cleanup, no state kept, buildx default image, the binfmt installer', () => {
    expect(parse({})).toMatchObject({
      driver: 'auto',
      use: true,
      cleanup: true,
      keepState: false,
      buildkitImage: 'moby/buildkit:buildx-stable-1',
      binfmtImage: 'tonistiigi/binfmt:latest',
      driverOpts: [],
      platforms: [],
      entitlements: [],
      granted: []
    })
  })
  test('platforms: CSV across lines, quoted entries split too (actions-toolkit "escape surrounding quotes")', () => {
    expect(parse({ platforms: 'linux/amd64\n"linux/arm64,linux/arm/v7"' }).platforms).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7'
    ])
  })
  test('endpoints as buildx takes them per driver', () => {
    for (const endpoint of [
      'tcp://bk:1234',
      'unix:///run/buildkit.sock',
      'ssh://me@host',
      'docker-container://bk',
      'kube-pod://bk-0'
    ])
      expect(parse({ driver: 'remote', endpoint }).endpoint).toBe(endpoint)
    for (const endpoint of [
      'my-context',
      'unix:///var/run/docker.sock',
      'ssh://me@host',
      'tcp://docker:2376'
    ])
      expect(parse({ driver: 'docker-container', endpoint }).endpoint).toBe(endpoint)
    expect(parse({ driver: 'cloud', endpoint: 'acme/default' }).endpoint).toBe('acme/default')
  })
  test('entitlements granted by buildkitd-flags are granted as allow-insecure-entitlements are', () => {
    const i = parse({
      'allow-insecure-entitlements': 'network.host',
      'buildkitd-flags': '--debug --allow-insecure-entitlement security.insecure'
    })
    expect(i.entitlements).toEqual(['network.host'])
    expect(i.granted).toEqual(['network.host', 'security.insecure'])
  })
  test('install: false, cache-binary and an empty version are accepted (nothing to do)', () => {
    expect(() => parse({ install: 'false', 'cache-binary': 'false', version: '' })).not.toThrow()
  })
  test('a valid buildkitd.toml inline passes; the name of a docker context may start with a digit', () => {
    expect(
      parse({ 'buildkitd-config-inline': '[worker.oci]\n  max-parallelism = 2' }).buildkitdConfigInline
    ).toBe('[worker.oci]\n  max-parallelism = 2')
    expect(parse({ driver: 'docker', name: '1ctx' }).name).toBe('1ctx')
  })
})

describe('pinning', () => {
  test('syntax none turns pinning off; a tag is kept with its normalised reference', () => {
    expect(parse({ syntax: 'none' }).syntax).toBeUndefined()
    expect(parse({}).syntax).toEqual({
      given: 'docker/dockerfile:1.18.0',
      ref: { registry: 'docker.io', repository: 'docker/dockerfile', tag: '1.18.0' }
    })
  })
})

// setup-buildx-action context.test.ts, getVersion cases 0–8: the peer installs that buildx (cloud:… for
// the cloud driver); setup-builder installs none, so a version fails in one line and no version is the
// runner's buildx (README: what differs from setup-buildx-action).
describe("setup-buildx-action's getVersion cases", () => {
  // prettier-ignore
  test.each([
    [0, {}, 'accepted'],
    [1, { version: 'latest' }, 'refused'],
    [2, { version: 'edge' }, 'refused'],
    [3, { version: 'v0.19.2' }, 'refused'],
    [4, { version: 'latest', driver: 'cloud' }, 'refused'],
    [5, { version: 'edge', driver: 'cloud' }, 'refused'],
    [6, { driver: 'cloud' }, 'accepted'],
    [7, { version: 'cloud:v0.11.2-desktop.2', driver: 'cloud' }, 'refused'],
    [8, { version: 'cloud:v0.11.2-desktop.2' }, 'refused']
  ])('[%d] %j: %s', (...[, given, outcome]) => {
    const inputs = { use: 'true', 'cache-binary': 'true', cleanup: 'true', 'keep-state': 'false', ...given }
    if (outcome === 'accepted') expect(() => parse(inputs)).not.toThrow()
    else expect(() => parse(inputs)).toThrow(`input 'version': got '${(given as { version: string }).version}'; accepted: empty`)
  })
})
