import { checkMergeInputs } from '../../../build/inputs/combinations.js'
import { ACTION_INPUTS } from '../../../build/inputs/action-inputs.js'
import { parseBuildInputs } from '../../../build/inputs/read.js'
import { Inputs } from '../../../lib/inputs.js'
import { EXPORTS } from '../../../lib/environment.js'
import { inputsWithDefaults } from '../../../test-support/defaults.js'

// As the runner passes them: action.yml's defaults for every input not given.
const parse = (m: Record<string, string>) => parseBuildInputs(inputsWithDefaults('.', m), {}, () => true)

describe('cache: what a mode needs, refused with the inputs (before the request is opened)', () => {
  test('inline needs tags or a cache-ref', () => {
    expect(() => parse({ cache: 'inline' })).toThrow(
      "input 'cache': got 'inline'; accepted: 'inline' needs tags (or cache-ref) to name the image that carries the cache"
    )
    expect(parse({ cache: 'inline', 'cache-ref': 'r/app:cache' }).cache).toBe('inline')
  })
  test.each(['min', 'max', 'registry'])('%s needs tags or a cache-ref', mode => {
    expect(() => parse({ cache: mode })).toThrow(
      `input 'cache': got '${mode}'; accepted: '${mode}' needs cache-ref or tags to name the registry repository for the cache`
    )
  })
  test('a registry cache-ref with a digest is refused: nothing can be written to a digest', () => {
    expect(() => parse({ cache: 'max', 'cache-ref': 'r/app@sha256:abc' })).toThrow(
      "input 'cache-ref': got 'r/app@sha256:abc'; accepted: an image repository or repository:tag to write the cache to, not a digest"
    )
  })
  test('inline reads from a cache-ref by digest', () => {
    const digest = `r/app@sha256:${'a'.repeat(64)}`
    expect(parse({ cache: 'inline', 'cache-ref': digest }).cacheRef).toBe(digest)
  })
})

describe('engine: classic, what the classic builder cannot do is refused with the inputs', () => {
  test('what it cannot do is said, all at once', () => {
    expect(() => parse({ engine: 'classic', 'cache-to': 'type=registry,ref=r/c', secrets: 'a=b' })).toThrow(
      'engine classic: the classic builder does not support cache-to (the classic builder exports no cache: give a pushed image in cache-from, or use engine: buildkit), secrets'
    )
  })
  test('a cache mode is refused: the classic builder reads only images', () => {
    expect(() => parse({ engine: 'classic', tags: 'r/app:1', cache: 'max' })).toThrow(
      'engine classic: the classic builder does not support cache: max (it reads cache only from images: give one in cache-from)'
    )
  })
  test('an engine-overrides leg on classic is checked as classic', () => {
    expect(() =>
      parse({ arch: 's390x', 'engine-overrides': 's390x=classic', 'cache-to': 'type=registry,ref=r/c' })
    ).toThrow(/^engine classic: the classic builder does not support cache-to/)
  })
  test('what it can do passes', () => {
    expect(parse({ engine: 'classic', tags: 'r/app:1', 'cache-from': 'r/app:1', push: 'true' }).engine).toBe(
      'classic'
    )
  })
})

describe('merge: the inputs it accepts are derived from action.yml', () => {
  const given = (name: string, value: string) =>
    new Inputs(n => (n === name ? value : n === 'merge' ? 'amd64' : n === 'tags' ? 'r/app:1' : ''))
  const used = ['merge', 'tags', 'annotations', 'builder', 'push', 'engine-overrides', 'github-token']
  const unused = Object.keys(ACTION_INPUTS).filter(n => !used.includes(n))

  test('the list of inputs a merge uses is short, and every one of them is an input of action.yml', () => {
    for (const n of used) expect(ACTION_INPUTS).toHaveProperty([n])
    expect(unused.length).toBeGreaterThan(30)
  })
  test.each(unused)('%s, given with merge, fails naming it', name => {
    expect(() => checkMergeInputs(given(name, 'given-value'))).toThrow(
      `input '${name}': got '${name === 'secrets' ? '<hidden>' : 'given-value'}'; accepted: nothing with merge`
    )
  })
  test.each(used)('%s is accepted with merge', name => {
    expect(() => checkMergeInputs(given(name, 'given-value'))).not.toThrow()
  })
  test("an input at its action.yml default is not given (context '.', cache-write 'true', engine buildkit)", () => {
    expect(parse({ merge: 'amd64', tags: 'r/app:1' }).merge).toHaveLength(1)
  })
  test('cache-write and engine, accepted and ignored before, fail in one line', () => {
    expect(() => parse({ merge: 'amd64', tags: 'r/app:1', 'cache-write': 'false' })).toThrow(
      "input 'cache-write': got 'false'; accepted: nothing with merge (the merge builds nothing: give it to the matrix legs, which build)"
    )
    expect(() => parse({ merge: 'amd64', tags: 'r/app:1', engine: 'classic' })).toThrow(
      "input 'engine': got 'classic'; accepted: nothing with merge"
    )
  })
})

describe("setup-builder's facts, checked with the inputs (before the git archive and the preflight)", () => {
  const withEnv = (m: Record<string, string>, env: NodeJS.ProcessEnv) =>
    parseBuildInputs(inputsWithDefaults('.', m), env, () => true)
  test('allow names only what setup-builder granted', () => {
    expect(() => withEnv({ allow: 'network.host' }, { [EXPORTS.entitlements]: '' })).toThrow(
      "input 'allow': got 'network.host'; accepted: none: the entitlements setup-builder granted"
    )
    expect(withEnv({ allow: 'network.host' }, { [EXPORTS.entitlements]: 'network.host' }).allow).toEqual([
      'network.host'
    ])
  })
  test('no BUILDKIT_SYNTAX build-arg while setup-builder pins the frontend', () => {
    expect(() =>
      withEnv({ 'build-args': 'BUILDKIT_SYNTAX=evil/fe' }, { [EXPORTS.syntax]: 'docker/dockerfile:1.18.0' })
    ).toThrow("input 'build-args': got 'BUILDKIT_SYNTAX=evil/fe'; accepted: no BUILDKIT_SYNTAX while")
  })
})
