import { matchesAllowed, parseAllowedSyntax } from '../../lib/syntax.js'
import { parseImageRef } from '../../lib/image-ref.js'
import { SHA, SHA_B } from '../helpers/refs.js'

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
