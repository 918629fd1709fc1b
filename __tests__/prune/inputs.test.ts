import { Inputs } from '../../lib/inputs.js'
import { parsePruneInputs, parseRepo } from '../../prune/inputs.js'

// As the runner passes them: action.yml defaults, then the step's `with:`.
const DEFAULTS: Record<string, string> = {
  'dry-run': 'false',
  'include-default-branch': 'false',
  'buildkit-gc': 'false',
  'gc-grace': '1h',
  token: 'ghs_token',
  'deletes-per-minute': '180',
  all: 'false'
}
const parse = (m: Record<string, string>) =>
  parsePruneInputs(new Inputs(n => ({ ...DEFAULTS, ...m })[n] ?? ''))

describe('target', () => {
  test.each([
    [{}, ['builder']],
    [{ 'keep-storage': '5GB' }, ['builder']],
    [{ gha: 'stale', 'older-than': '7d' }, ['gha']],
    [{ 'buildkit-gc': 'true' }, ['gha']],
    [{ 'registry-repos': 'localhost:5000/cache', 'keep-tags': 'main' }, ['registry']],
    [{ gha: 'closed-prs', until: '1d' }, ['builder', 'gha']],
    [
      { target: 'registry,gha', gha: 'closed-prs', 'registry-repos': 'r.io/a', 'older-than': '1d' },
      ['gha', 'registry']
    ]
  ])('%j → %j', (inputs, targets) => expect(parse(inputs).targets).toEqual(targets))
})

describe('gha', () => {
  test('parsed options', () => {
    expect(
      parse({
        gha: 'stale\nkey-prefix, max-total-size',
        'older-than': '7d',
        'key-prefix': 'npm-,pip-',
        'max-total-size': '8GB',
        refs: 'refs/pull/4/merge',
        'buildkit-gc': 'true',
        'gc-grace': '30m',
        'deletes-per-minute': '600'
      }).gha
    ).toEqual({
      selectors: ['stale', 'key-prefix', 'max-total-size'],
      olderThanMs: 7 * 86400e3,
      keyPrefixes: ['npm-', 'pip-'],
      maxTotalSize: 8e9,
      includeDefaultBranch: false,
      refs: ['refs/pull/4/merge'],
      buildkitGc: true,
      gcGraceMs: 30 * 60e3,
      token: 'ghs_token',
      deletesPerMinute: 600
    })
  })
})

describe('one-line errors', () => {
  test.each([
    [{ target: 'everything' }, "input 'target': got 'everything'; accepted: builder | gha | registry"],
    [
      { gha: 'old' },
      "input 'gha': got 'old'; accepted: closed-prs | deleted-branches | stale | key-prefix | max-total-size"
    ],
    [
      { target: 'gha' },
      "input 'gha': got ''; accepted: closed-prs | deleted-branches | stale | key-prefix | max-total-size (target gha needs a selector or buildkit-gc: true)"
    ],
    [{ gha: 'stale' }, "input 'older-than': got ''; accepted: a duration such as 7d (gha: stale needs it)"],
    [
      { gha: 'key-prefix' },
      "input 'key-prefix': got ''; accepted: one or more cache key prefixes (gha: key-prefix needs them)"
    ],
    [
      { gha: 'max-total-size' },
      "input 'max-total-size': got ''; accepted: a size such as 5GB (gha: max-total-size needs it)"
    ],
    [
      { gha: 'stale', 'older-than': '7d', 'key-prefix': 'npm-' },
      "input 'key-prefix': got 'npm-'; accepted: empty unless gha includes key-prefix"
    ],
    [
      { gha: 'stale', 'older-than': '7d', 'max-total-size': '1GB' },
      "input 'max-total-size': got '1GB'; accepted: empty unless gha includes max-total-size"
    ],
    [
      { gha: 'max-total-size', 'max-total-size': 'lots' },
      "input 'max-total-size': got 'lots'; accepted: a size"
    ],
    [
      { gha: 'stale', 'older-than': 'a week' },
      "input 'older-than': got 'a week'; accepted: a duration such as"
    ],
    [
      { 'older-than': '7d' },
      "input 'older-than': got '7d'; accepted: empty unless gha includes stale or target includes registry"
    ],
    [
      { gha: 'closed-prs', token: '' },
      "input 'token': got ''; accepted: a token with actions: write (the default is github.token)"
    ],
    [
      { gha: 'closed-prs', refs: 'pull/4' },
      "input 'refs': got 'pull/4'; accepted: git refs such as refs/pull/42/merge or refs/heads/feature"
    ],
    [
      { 'keep-storage': '5GB', refs: 'refs/pull/1/merge' },
      "input 'refs': got 'refs/pull/1/merge'; accepted: empty unless target includes gha"
    ],
    [
      { gha: 'closed-prs', 'deletes-per-minute': '0' },
      "input 'deletes-per-minute': got '0'; accepted: a positive integer"
    ],
    [{ 'buildkit-gc': 'maybe' }, "input 'buildkit-gc': got 'maybe'; accepted: true | false"],
    [{ 'buildkit-gc': 'true', 'gc-grace': 'soon' }, "input 'gc-grace': got 'soon'; accepted: a duration"],
    [
      { target: 'gha', gha: 'stale', 'older-than': '1d', until: '1d' },
      "input 'until': got '1d'; accepted: empty unless target includes builder"
    ],
    [
      { target: 'builder', gha: 'stale' },
      "input 'gha': got 'stale'; accepted: empty unless target includes gha"
    ],
    [
      { target: 'builder', 'registry-repos': 'r.io/a' },
      "input 'registry-repos': got 'r.io/a'; accepted: empty unless target includes registry"
    ],
    [
      { target: 'registry' },
      "input 'registry-repos': got ''; accepted: one or more repositories such as ghcr.io/acme/app-cache"
    ],
    [
      { 'registry-repos': 'r.io/a' },
      "input 'older-than': got ''; accepted: a duration such as 7d (target registry needs older-than, keep-tags or both)"
    ],
    [
      { 'registry-repos': 'r.io/a:tag', 'older-than': '1d' },
      "input 'registry-repos': got 'r.io/a:tag'; accepted: repositories such as ghcr.io/acme/app-cache or localhost:5000/cache, without a tag"
    ],
    [
      { 'keep-tags': 'main' },
      "input 'keep-tags': got 'main'; accepted: empty unless target includes registry"
    ],
    [
      { gha: 'stale', 'older-than': '1d', 'registry-images': 'true' },
      "input 'registry-images': got 'true'; accepted: empty unless target includes registry"
    ],
    [
      { 'registry-repos': 'ghcr.io/acme/app', 'keep-tags': 'buildcache', token: '' },
      "input 'token': got ''; accepted: a token with packages: write (ghcr.io deletes through the REST API)"
    ],
    [{ 'dry-run': 'perhaps' }, "input 'dry-run': got 'perhaps'; accepted: true | false"]
  ])('%j', (inputs, message) => {
    let err: Error | undefined
    try {
      parse(inputs)
    } catch (e) {
      err = e as Error
    }
    expect(err?.name).toBe('InputError')
    expect(err?.message).toContain(message)
    expect(err?.message.split('\n')).toHaveLength(1)
  })
})

describe('parseRepo', () => {
  test.each([
    ['localhost:5556/e2e/cache', { host: 'localhost:5556', name: 'e2e/cache' }],
    ['ghcr.io/acme/app-cache', { host: 'ghcr.io', name: 'acme/app-cache' }],
    ['registry.example.com/a', { host: 'registry.example.com', name: 'a' }],
    ['acme/cache', { host: 'registry-1.docker.io', name: 'acme/cache' }],
    ['busybox', { host: 'registry-1.docker.io', name: 'library/busybox' }],
    ['docker.io/acme/cache', { host: 'registry-1.docker.io', name: 'acme/cache' }],
    ['[::1]:5000/cache', { host: '[::1]:5000', name: 'cache' }]
  ])('%s', (ref, want) => expect(parseRepo(ref)).toEqual({ ref, ...want }))
  test.each(['Acme/Cache', 'r.io/a@sha256:abc', 'http://r.io/a', ''])('%s is refused', ref =>
    expect(() => parseRepo(ref)).toThrow(`input 'registry-repos': got '${ref}'`)
  )
})

describe('prune inputs', () => {
  test.each([
    [{ target: 'everything' }, "input 'target': got 'everything'; accepted: builder | gha | registry"],
    [{ 'keep-storage': '5 gigs' }, "input 'keep-storage': got '5 gigs'"],
    [{ until: 'yesterday' }, "input 'until': got 'yesterday'"],
    [{ 'dry-run': 'perhaps' }, "input 'dry-run': got 'perhaps'; accepted: true | false"]
  ])('%j', (inputs, message) => expect(() => parse(inputs)).toThrow(message))
})
