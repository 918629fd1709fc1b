import { InputError } from '../../lib/errors.js'
import {
  formatImageRef,
  imageRepository,
  parseImageRef,
  registryHost,
  splitRepository,
  tryParseImageRef
} from '../../lib/image-ref.js'
import { d, ECR, SHA } from '../helpers/refs.js'

describe('parseImageRef: docker normalisation', () => {
  test.each([
    ['docker/dockerfile:1.7.1', { registry: 'docker.io', repository: 'docker/dockerfile', tag: '1.7.1' }],
    ['docker/dockerfile', { registry: 'docker.io', repository: 'docker/dockerfile', tag: 'latest' }],
    ['alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' }],
    ['alpine:3.20', { registry: 'docker.io', repository: 'library/alpine', tag: '3.20' }],
    ['docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' }],
    [
      'index.docker.io/docker/dockerfile:1',
      { registry: 'docker.io', repository: 'docker/dockerfile', tag: '1' }
    ],
    [
      `docker.io/docker/dockerfile:1.7@${SHA}`,
      { registry: 'docker.io', repository: 'docker/dockerfile', tag: '1.7', digest: SHA }
    ],
    [`docker/dockerfile@${SHA}`, { registry: 'docker.io', repository: 'docker/dockerfile', digest: SHA }],
    ['localhost:5000/x/y:tag', { registry: 'localhost:5000', repository: 'x/y', tag: 'tag' }],
    ['localhost/x', { registry: 'localhost', repository: 'x', tag: 'latest' }],
    [
      'ghcr.io/acme/frontends/dockerfile:1',
      { registry: 'ghcr.io', repository: 'acme/frontends/dockerfile', tag: '1' }
    ],
    ['127.0.0.1:5555/a:b', { registry: '127.0.0.1:5555', repository: 'a', tag: 'b' }],
    ['[::1]:5000/a', { registry: '[::1]:5000', repository: 'a', tag: 'latest' }],
    [
      'my-registry:5000/a__b/c-d.e:v1_2-3',
      { registry: 'my-registry:5000', repository: 'a__b/c-d.e', tag: 'v1_2-3' }
    ]
  ])('%s', (value, expected) => {
    const ref = parseImageRef(value)
    expect(ref).toEqual(expected)
    if (!('digest' in expected)) expect(ref.digest).toBeUndefined()
  })

  test.each([
    ['Docker/Dockerfile:1', 'repository name must be lowercase'],
    ['docker/Dockerfile:1', 'repository name must be lowercase'],
    ['docker/dockerfile:', "invalid tag ''"],
    ['docker/dockerfile:-x', "invalid tag '-x'"],
    ['docker/dockerfile@sha256:abc', "invalid digest 'sha256:abc'"],
    [`docker/dockerfile@sha256:${'A'.repeat(64)}`, 'invalid digest'],
    ['docker//dockerfile', "invalid repository 'docker//dockerfile'"],
    ['-bad/x', "invalid repository '-bad/x'"],
    [':5000/x', "registry ':5000' is not a host name"],
    [' docker/dockerfile', 'no surrounding spaces'],
    ['', 'no surrounding spaces']
  ])('%j is refused: %s', (value, why) => {
    expect(() => parseImageRef(value, 'syntax')).toThrow(InputError)
    expect(() => parseImageRef(value, 'syntax')).toThrow(
      `input 'syntax': got '${value}'; accepted: an image reference such as docker/dockerfile:1.7.1 or docker/dockerfile:1.7@sha256:<64 hex> (${why}`
    )
    expect(tryParseImageRef(value)).toBeUndefined()
  })

  test('a registry host that is upper case is a registry, as docker reads it', () => {
    expect(parseImageRef('Docker/dockerfile')).toEqual({
      registry: 'Docker',
      repository: 'dockerfile',
      tag: 'latest'
    })
  })

  test('formatImageRef', () => {
    expect(formatImageRef(parseImageRef('docker/dockerfile:1'))).toBe('docker.io/docker/dockerfile:1')
    expect(formatImageRef(parseImageRef(`docker/dockerfile:1@${SHA}`))).toBe(
      `docker.io/docker/dockerfile:1@${SHA}`
    )
    expect(formatImageRef(parseImageRef(`x@${SHA}`))).toBe(`docker.io/library/x@${SHA}`)
  })
})

describe('hand-off', () => {
  test.each([
    ['ghcr.io/acme/app:1.2', 'ghcr.io/acme/app'],
    ['localhost:5000/app:latest', 'localhost:5000/app'],
    ['localhost:5000/app', 'localhost:5000/app'],
    [`acme/app:1@${d('a')}`, 'acme/app']
  ])('imageRepository(%s)', (tag, name) => expect(imageRepository(tag)).toBe(name))
})

describe('helpers', () => {
  test.each([
    ['ghcr.io/acme/app:1.2', 'ghcr.io/acme/app'],
    ['localhost:5000/app:1.2', 'localhost:5000/app'],
    ['localhost:5000/app', 'localhost:5000/app'],
    ['app', 'app'],
    ['r/app:1@sha256:abc', 'r/app']
  ])('imageRepository(%s)', (ref, repo) => expect(imageRepository(ref)).toBe(repo))
})

describe('OCI layout push', () => {
  test.each([
    ['ghcr.io/acme/app', 'ghcr.io', 'acme/app'],
    ['localhost:5000/app', 'localhost:5000', 'app'],
    ['acme/app', 'registry-1.docker.io', 'acme/app'],
    ['busybox', 'registry-1.docker.io', 'library/busybox']
  ])('splitRepository(%s)', (repo, host, name) => expect(splitRepository(repo)).toEqual({ host, name }))
})

describe('hosts', () => {
  test.each([
    ['ghcr.io/acme/app:1', 'ghcr.io'],
    ['localhost:5000/app', 'localhost:5000'],
    ['localhost/app', 'localhost'],
    ['acme/app', 'docker.io'],
    ['app', 'docker.io'],
    [`${ECR}/app@sha256:abc`, ECR]
  ])('%s → %s', (ref, host) => expect(registryHost(ref)).toBe(host))
})
