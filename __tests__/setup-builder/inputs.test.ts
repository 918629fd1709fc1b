import { parse } from '../helpers/setup-builder.js'

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

describe('pinning and entitlements', () => {
  test('syntax none turns pinning off; a tag is kept with its normalised reference', () => {
    expect(parse({ syntax: 'none' }).syntax).toBeUndefined()
    expect(parse({}).syntax).toEqual({
      given: 'docker/dockerfile:1.18.0',
      ref: { registry: 'docker.io', repository: 'docker/dockerfile', tag: '1.18.0' }
    })
  })
})
