import { parseDockerfile } from '../build/frontend/dockerfile.js'
import { InputError } from '../lib/errors.js'
import { matchesAllowed, parseAllowedSyntax } from '../lib/syntax.js'
import { checkSyntaxDirective } from '../build/frontend/frontend.js'
import { formatImageRef, parseImageRef, tryParseImageRef } from '../lib/image-ref.js'

const SHA = 'sha256:' + 'a'.repeat(64)
const SHA_B = 'sha256:' + 'b'.repeat(64)

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

describe('matchesAllowed', () => {
  test.each([
    ['docker/dockerfile:1.7.1', ['docker/dockerfile:*'], true],
    ['docker.io/docker/dockerfile:1', ['docker/dockerfile:*'], true],
    ['docker/dockerfile:1', ['docker.io/docker/dockerfile:*'], true],
    ['index.docker.io/docker/dockerfile:1', ['docker/dockerfile:*'], true],
    ['docker/dockerfile', ['docker/dockerfile:*'], true],
    ['docker/dockerfile-upstream:master', ['docker/dockerfile:*', 'docker/dockerfile-upstream:*'], true],
    ['docker/dockerfile-upstream:master', ['docker/dockerfile:*'], false],
    ['evil/dockerfile:1', ['docker/dockerfile:*'], false],
    ['ghcr.io/docker/dockerfile:1', ['docker/dockerfile:*'], false],
    ['docker/dockerfile:1', ['docker/dockerfile'], false],
    ['docker/dockerfile:latest', ['docker/dockerfile'], true],
    ['docker/dockerfile', ['docker/dockerfile'], true],
    ['localhost:5555/frontends/dockerfile:1.7', ['localhost:5555/frontends/*:1.*'], true],
    ['localhost:5555/frontends/dockerfile:2.0', ['localhost:5555/frontends/*:1.*'], false],
    ['localhost:5555/frontends/a/b:1.0', ['localhost:5555/frontends/*:1.*'], false],
    ['localhost:5556/frontends/dockerfile:1.0', ['localhost:5555/frontends/*:1.*'], false],
    ['docker/dockerfile:1.7.1', ['docker/dockerfile:1.7.*'], true],
    ['docker/dockerfile:1.70', ['docker/dockerfile:1.7.*'], false],
    [`docker/dockerfile@${SHA}`, ['docker/dockerfile:*'], true],
    [`docker/dockerfile@${SHA}`, ['docker/dockerfile:1.*'], false],
    [`docker/dockerfile:1.7@${SHA}`, [`docker/dockerfile@${SHA}`], true],
    [`docker/dockerfile@${SHA}`, [`docker/dockerfile@${SHA}`], true],
    [`docker/dockerfile:1.7@${SHA_B}`, [`docker/dockerfile@${SHA}`], false],
    ['docker/dockerfile:1.7', [`docker/dockerfile@${SHA}`], false],
    [`docker/dockerfile:1.7@${SHA}`, [`docker/dockerfile:1.7@${SHA}`], true],
    [`docker/dockerfile:1.8@${SHA}`, [`docker/dockerfile:1.7@${SHA}`], false],
    ['alpine', ['*'], true],
    ['docker/dockerfile:1', ['*'], false],
    ['docker/dockerfile:1', ['docker/*:*'], true],
    ['docker/dockerfile:1', [], false],
    ['Not A Ref', ['*:*'], false]
  ])('%s against %j → %s', (ref, patterns, expected) => {
    expect(matchesAllowed(ref, patterns)).toBe(expected)
  })

  test('accepts a parsed reference', () => {
    expect(matchesAllowed(parseImageRef('docker/dockerfile:1'), ['docker/dockerfile:*'])).toBe(true)
  })

  test('regular-expression characters in a pattern are literal', () => {
    expect(matchesAllowed('docker/dockerfile:1x7', ['docker/dockerfile:1.7'])).toBe(false)
  })
})

describe('parseAllowedSyntax', () => {
  test('a list of valid patterns', () => {
    expect(
      parseAllowedSyntax(
        'docker/dockerfile:*\ndocker/dockerfile-upstream:*, localhost:5555/frontends/*:1.*',
        'allowed-syntax'
      )
    ).toEqual(['docker/dockerfile:*', 'docker/dockerfile-upstream:*', 'localhost:5555/frontends/*:1.*'])
    expect(parseAllowedSyntax(`docker/dockerfile@${SHA}`, 'allowed-syntax')).toEqual([
      `docker/dockerfile@${SHA}`
    ])
    expect(parseAllowedSyntax('', 'allowed-syntax')).toEqual([])
  })
  test.each([
    ['Docker/Dockerfile:*', 'repository name must be lowercase'],
    ['docker/dockerfile@sha256:*', "invalid digest 'sha256:*'"],
    ['docker/dockerfile:a b', "invalid tag 'a b'"]
  ])('%j names the input', (pattern, why) => {
    expect(() => parseAllowedSyntax(pattern, 'allowed-syntax')).toThrow(
      `input 'allowed-syntax': got '${pattern}'; accepted: image patterns such as docker/dockerfile:*, docker/dockerfile-upstream:1.*, localhost:5000/frontends/*:1.*, or name[:tag]@sha256:<64 hex> (${why})`
    )
  })
})

describe('checkSyntaxDirective', () => {
  const allowed = ['docker/dockerfile:*']
  const check = (text: string, patterns = allowed) =>
    checkSyntaxDirective(parseDockerfile(text), patterns, 'app/Dockerfile')

  test('no directive: nothing to check', () => {
    expect(check('FROM a\n')).toBeUndefined()
  })
  test('an allowed frontend', () => {
    expect(check('# syntax=docker/dockerfile:1.7\nFROM a\n')).toBeUndefined()
    expect(check('# syntax=docker.io/docker/dockerfile:1 --some-arg\nFROM a\n')).toBeUndefined()
  })
  test('a frontend that is not allowed, with its line', () => {
    expect(check('# escape=`\n# syntax=evil/frontend:1\nFROM a\n')).toEqual({
      file: 'app/Dockerfile',
      line: 2,
      message: "syntax 'evil/frontend:1' is not allowed (allowed: docker/dockerfile:*)"
    })
  })
  test('// syntax= and a shebang line are found like BuildKit finds them', () => {
    expect(check('// syntax=evil/frontend\nFROM a\n')?.line).toBe(1)
    expect(check('#!/usr/bin/env x\n# syntax=evil/frontend\nFROM a\n')?.line).toBe(2)
  })
  test('an invalid reference', () => {
    expect(check('# syntax=Evil/Frontend\nFROM a\n')).toEqual({
      file: 'app/Dockerfile',
      line: 1,
      message: "syntax 'Evil/Frontend' is not a valid image reference (allowed: docker/dockerfile:*)"
    })
  })
  test('an empty list allows nothing', () => {
    expect(check('# syntax=docker/dockerfile:1\nFROM a\n', [])?.message).toBe(
      "syntax 'docker/dockerfile:1' is not allowed (allowed: none)"
    )
  })
})
