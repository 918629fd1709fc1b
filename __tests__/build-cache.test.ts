import { jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Inputs } from '../lib/inputs.js'
import { formatCacheEntry } from '../build/cache/entries.js'
import { UserError } from '../lib/errors.js'
import { parseBuildInputs } from '../build/inputs.js'
import { planBuild } from '../build/engine/buildkit-plan.js'
import { readCacheEvent } from '../build/cache/event.js'
import { platformSlug, prepareCache, type CacheDeps } from '../build/cache/cache.js'
import { atLeast, checkGhaV2, ghaService, ghaUnavailable, type BuilderVersions } from '../build/cache/gha.js'
import type { ActionsCache as CacheApi } from '../build/lazy.js'

const parse = (m: Record<string, string>) => parseBuildInputs(new Inputs(n => m[n] ?? ''))

describe('cache inputs', () => {
  test('defaults: no cache, writes when there is one, plain log', () => {
    const i = parse({})
    expect([i.cache, i.cacheRef, i.cacheScope, i.cacheWrite, i.log]).toEqual(['none', '', '', true, 'plain'])
    expect([i.cacheFrom, i.cacheTo]).toEqual([[], []])
  })

  test('cache-from/cache-to shorthands are expanded at parse time', () => {
    const i = parse({
      'cache-from': 'ghcr.io/a/b:cache\nref=ghcr.io/a/c:cache\ntype=gha,scope=x',
      'cache-to': 'ghcr.io/a/b:cache\ntype=local,dest=/tmp/c'
    })
    expect(i.cacheFrom.map(formatCacheEntry)).toEqual([
      'type=registry,ref=ghcr.io/a/b:cache',
      'type=registry,ref=ghcr.io/a/c:cache',
      'type=gha,scope=x'
    ])
    expect(i.cacheTo.map(formatCacheEntry)).toEqual([
      'type=registry,ref=ghcr.io/a/b:cache,mode=max',
      'type=local,dest=/tmp/c'
    ])
  })

  test.each([
    [
      { cache: 'fast' },
      "input 'cache': got 'fast'; accepted: none | inline | min | max | registry | gha | local"
    ],
    [{ 'cache-write': 'maybe' }, "input 'cache-write': got 'maybe'; accepted: true | false"],
    [{ log: 'json' }, "input 'log': got 'json'; accepted: plain | grouped"],
    [
      { 'cache-ref': 'ghcr.io/a/b:c' },
      "input 'cache-ref': got 'ghcr.io/a/b:c'; accepted: with cache: inline | min | max | registry (cache is 'none')"
    ],
    [
      { cache: 'gha', 'cache-ref': 'ghcr.io/a/b:c' },
      "input 'cache-ref': got 'ghcr.io/a/b:c'; accepted: with cache: inline | min | max | registry (cache is 'gha')"
    ],
    [
      { cache: 'max', 'cache-ref': 'ghcr.io/Acme/App' },
      "input 'cache-ref': got 'ghcr.io/Acme/App'; accepted: an image repository or repository:tag, such as ghcr.io/acme/app:cache"
    ],
    [
      { cache: 'max', 'cache-ref': 'a b' },
      "input 'cache-ref': got 'a b'; accepted: an image repository or repository:tag"
    ],
    [
      { cache: 'max', 'cache-scope': 'x' },
      "input 'cache-scope': got 'x'; accepted: with cache: gha | local (cache is 'max')"
    ],
    [
      { cache: 'gha', 'cache-scope': 'a,b' },
      "input 'cache-scope': got 'a,b'; accepted: a scope name without spaces, commas or quotes"
    ],
    [
      { 'cache-from': 'type=nfs,path=/x' },
      "input 'cache-from': got 'type=nfs,path=/x'; accepted: type=registry|"
    ],
    [{ 'cache-to': 'ref=a/b,mode=all' }, "input 'cache-to': got 'ref=a/b,mode=all'; accepted: mode=min|max"],
    [{ 'cache-to': 'type=inline,mode=max' }, 'accepted: type=inline takes no parameters'],
    [{ 'cache-from': 'type=registry' }, 'accepted: type=registry needs ref=<image ref>']
  ])('%j', (inputs, message) => expect(() => parse(inputs)).toThrow(message))
})

describe('readCacheEvent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-'))
  const payload = (p: object) => {
    const f = join(dir, `${Math.random()}.json`)
    writeFileSync(f, JSON.stringify(p))
    return f
  }
  test('a push', () => {
    expect(readCacheEvent({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' })).toEqual({
      name: 'push',
      ref: 'refs/heads/main'
    })
  })
  test('a pull request: number and base from the payload', () => {
    const path = payload({ number: 7, pull_request: { number: 7, base: { ref: 'develop' } } })
    expect(
      readCacheEvent({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: path,
        GITHUB_REF: 'refs/pull/7/merge'
      })
    ).toEqual({ name: 'pull_request', prNumber: 7, baseRef: 'develop', ref: 'refs/pull/7/merge' })
  })
  test('GITHUB_BASE_REF wins; without a payload the ref tells the number', () => {
    expect(
      readCacheEvent({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(dir, 'missing.json'),
        GITHUB_REF: 'refs/pull/12/merge',
        GITHUB_BASE_REF: 'main'
      })
    ).toEqual({ name: 'pull_request', prNumber: 12, baseRef: 'main', ref: 'refs/pull/12/merge' })
  })
  test('a payload that is not JSON is ignored', () => {
    const f = join(dir, 'bad.json')
    writeFileSync(f, '{')
    expect(readCacheEvent({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: f })).toEqual({
      name: 'pull_request_target'
    })
  })
})

describe('platformSlug', () => {
  test.each([
    [[], undefined],
    [['linux/amd64', 'linux/arm64'], undefined],
    [['linux/amd64'], 'linux-amd64'],
    [['linux/arm64'], 'linux-arm64-v8'],
    [['arm64v8'], 'linux-arm64-v8'],
    [['linux/arm/v7'], 'linux-arm-v7'],
    [['linux/sparc64'], 'linux-sparc64']
  ])('%j → %s', (platforms, slug) => expect(platformSlug(platforms)).toBe(slug))
})

describe('gha service', () => {
  const V2 = {
    ACTIONS_CACHE_SERVICE_V2: 'True',
    ACTIONS_RESULTS_URL: 'https://r/',
    ACTIONS_RUNTIME_TOKEN: 't'
  }
  test.each([
    [{ ...V2 }, 'v2'],
    [{ ...V2, ACTIONS_CACHE_URL: 'https://c/' }, 'v2'],
    [{ ACTIONS_CACHE_SERVICE_V2: '1', ACTIONS_RESULTS_URL: 'https://r/' }, 'v2'],
    [
      {
        ACTIONS_CACHE_SERVICE_V2: 'false',
        ACTIONS_RESULTS_URL: 'https://r/',
        ACTIONS_CACHE_URL: 'https://c/'
      },
      'v1'
    ],
    [{ ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_CACHE_URL: 'https://c/' }, 'v1'],
    [{ ACTIONS_CACHE_URL: 'https://c/' }, 'v1'],
    [{}, undefined]
  ])('%j → %s', (env, service) => expect(ghaService(env)).toBe(service))

  test('available with a token and a service', () => expect(ghaUnavailable(V2)).toBeUndefined())
  test('no runtime token: the runner did not provide the service', () => {
    expect(ghaUnavailable({ ACTIONS_CACHE_URL: 'https://c/' })).toBe(
      'cache: gha: the runner did not provide the GitHub cache service to this step (ACTIONS_RUNTIME_TOKEN is not set); ' +
        'building without the gha cache. The runner gives it to JavaScript action steps; runners outside GitHub ' +
        'Actions may not offer it (use cache: registry there).'
    )
  })
  test('a token but no service URL', () => {
    expect(ghaUnavailable({ ACTIONS_RUNTIME_TOKEN: 't' })).toContain(
      'the runner did not provide the GitHub cache service to this step (neither ACTIONS_RESULTS_URL nor ACTIONS_CACHE_URL is set)'
    )
  })
})

test.each([
  ['0.21.0', '0.21.0', true],
  ['0.20.9', '0.21.0', false],
  ['0.29.1+ds1', '0.21.0', true],
  ['26.1.5+dfsg1', '28.0.0', false],
  ['v28.0', '28.0.0', true],
  ['28.5.2', '28.0.0', true],
  ['1.0.0', '0.21.0', true],
  ['unknown', '0.21.0', undefined]
])('atLeast(%s, %s) = %s', (v, min, ok) => expect(atLeast(v, min)).toBe(ok))

describe('checkGhaV2', () => {
  const v = (o: Partial<BuilderVersions>): BuilderVersions => ({
    buildx: '0.29.1',
    buildkit: '',
    driver: 'docker',
    engine: '28.5.2',
    ...o
  })
  const fails = (o: Partial<BuilderVersions>) => {
    try {
      checkGhaV2(v(o))
    } catch (e) {
      expect(e).toBeInstanceOf(UserError)
      return (e as Error).message
    }
    throw new Error('no error')
  }
  test('a new buildx and an engine from 28.0: judged by the engine, said so', () => {
    expect(checkGhaV2(v({}))).toBe(
      "cache: gha uses cache service v2 (buildx >= 0.21 and BuildKit >= 0.20): found buildx 0.29.1 and BuildKit unknown (the engine reports no BuildKit version, as Debian's builds do; judged by Docker engine 28.5.2: engines from 28.0 include BuildKit >= 0.20)"
    )
  })
  test('a builder that reports its BuildKit', () => {
    expect(checkGhaV2(v({ buildkit: '0.20.1', driver: 'docker-container' }))).toBe(
      'cache: gha uses cache service v2 (buildx >= 0.21 and BuildKit >= 0.20): found buildx 0.29.1 and BuildKit 0.20.1'
    )
  })
  test('a remote builder without a version is not judged', () => {
    expect(checkGhaV2(v({ driver: 'remote' }))).toContain(
      'BuildKit unknown (the remote reports no version; not checked)'
    )
  })
  test("trixie's buildx 0.13 on Docker 26.1", () => {
    expect(fails({ buildx: '0.13.1', engine: '26.1.5+dfsg1' })).toBe(
      "cache: gha: the runner offers the GitHub cache service v2, which needs buildx >= 0.21 and BuildKit >= 0.20; found buildx 0.13.1 and BuildKit unknown (the engine reports no BuildKit version, as Debian's builds do; judged by Docker engine 26.1.5+dfsg1: engines before 28.0 include BuildKit older than 0.20). " +
        'To use the gha cache, install buildx >= 0.21 and use Docker engine >= 28.0, or setup-builder with driver: docker-container (moby/buildkit >= 0.20); or use cache: registry.'
    )
  })
  test('a new buildx with an old BuildKit container', () => {
    expect(fails({ buildkit: '0.19.0', driver: 'docker-container' })).toBe(
      'cache: gha: the runner offers the GitHub cache service v2, which needs buildx >= 0.21 and BuildKit >= 0.20; found buildx 0.29.1 and BuildKit 0.19.0. ' +
        'To use the gha cache, use a builder with BuildKit >= 0.20; or use cache: registry.'
    )
  })
  test('an old buildx with a new BuildKit', () => {
    expect(fails({ buildx: '0.20.1', buildkit: '0.21.0', driver: 'docker-container' })).toBe(
      'cache: gha: the runner offers the GitHub cache service v2, which needs buildx >= 0.21 and BuildKit >= 0.20; found buildx 0.20.1 and BuildKit 0.21.0. ' +
        'To use the gha cache, install buildx >= 0.21; or use cache: registry.'
    )
  })
})

describe('prepareCache', () => {
  const temp = mkdtempSync(join(tmpdir(), 'prep-'))
  const logged: string[] = []
  const deps = (o: Partial<CacheDeps> = {}): CacheDeps => ({
    env: {},
    event: { name: 'push', ref: 'refs/heads/main' },
    tempDir: temp,
    versions: () => Promise.reject(new Error('versions not expected')),
    cacheApi: () => Promise.reject(new Error('cache API not expected')),
    log: { info: m => logged.push(`info: ${m}`), warning: m => logged.push(`warning: ${m}`) },
    ...o
  })
  const strings = async (m: Record<string, string>, d: Partial<CacheDeps> = {}) => {
    const { plan } = await prepareCache(parse(m), deps(d))
    return { from: plan.from.map(formatCacheEntry), to: plan.to.map(formatCacheEntry), args: plan.buildArgs }
  }
  beforeEach(() => (logged.length = 0))

  test('max for one platform: the leg gets its own ref', async () => {
    expect(await strings({ cache: 'max', tags: 'ghcr.io/acme/app:1', platforms: 'linux/arm64' })).toEqual({
      from: ['type=registry,ref=ghcr.io/acme/app:buildcache-linux-arm64-v8'],
      to: ['type=registry,ref=ghcr.io/acme/app:buildcache-linux-arm64-v8,mode=max,ignore-error=true'],
      args: {}
    })
  })
  test("min, merged with the user's entries, de-duplicated", async () => {
    expect(
      await strings({
        cache: 'min',
        tags: 'ghcr.io/acme/app:1',
        'cache-from': 'ghcr.io/acme/app:buildcache\nghcr.io/acme/base:cache',
        'cache-to': 'type=local,dest=/tmp/x'
      })
    ).toEqual({
      from: ['type=registry,ref=ghcr.io/acme/app:buildcache', 'type=registry,ref=ghcr.io/acme/base:cache'],
      to: [
        'type=registry,ref=ghcr.io/acme/app:buildcache,mode=min,ignore-error=true',
        'type=local,dest=/tmp/x,ignore-error=true'
      ],
      args: {}
    })
  })
  test('inline: BUILDKIT_INLINE_CACHE reaches the argv (not also --cache-to type=inline) unless the user set it', async () => {
    const i = parse({ cache: 'inline', tags: 'ghcr.io/acme/app:1' })
    const { plan } = await prepareCache(i, deps())
    const ctx = { metadataFile: '/m', secretPaths: {}, builder: '', cacheFrom: [], cacheTo: [] }
    const cacheTo = plan.to.map(formatCacheEntry)
    expect(cacheTo).toEqual(['type=inline'])
    const argv = planBuild(i, { ...ctx, cacheTo, cacheBuildArgs: plan.buildArgs }).args.join(' ')
    // Not both: buildx adds the inline export for the build arg, and BuildKit refuses a duplicate.
    expect(argv).toContain('--build-arg BUILDKIT_INLINE_CACHE=1')
    expect(argv).not.toContain('--cache-to')
    const own = parse({
      cache: 'inline',
      tags: 'ghcr.io/acme/app:1',
      'build-args': 'BUILDKIT_INLINE_CACHE=0'
    })
    const ownArgv = planBuild(own, { ...ctx, cacheTo, cacheBuildArgs: plan.buildArgs }).args.join(' ')
    expect(ownArgv).toContain('--build-arg BUILDKIT_INLINE_CACHE=0')
    expect(ownArgv).not.toContain('BUILDKIT_INLINE_CACHE=1')
    expect(ownArgv).not.toContain('--cache-to')
    // Without the build arg, type=inline passes.
    expect(planBuild(parse({}), { ...ctx, cacheTo }).args.join(' ')).toContain('--cache-to type=inline')
  })
  test('registry on a pull request writes only its own ref', async () => {
    const r = await strings(
      { cache: 'registry', tags: 'ghcr.io/acme/app:1' },
      { event: { name: 'pull_request', prNumber: 5, baseRef: 'main' } }
    )
    expect(r.to).toEqual(['type=registry,ref=ghcr.io/acme/app:buildcache-pr-5,mode=max,ignore-error=true'])
    expect(r.from).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-pr-5',
      'type=registry,ref=ghcr.io/acme/app:buildcache'
    ])
  })
  test('cache-write: false reads only', async () => {
    expect((await strings({ cache: 'max', tags: 'r/app:1', 'cache-write': 'false' })).to).toEqual([])
  })

  const V2 = {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: 'http://r/',
    ACTIONS_RUNTIME_TOKEN: 't'
  }
  test('gha on v2 checks the versions before building', async () => {
    const versions = jest.fn(async () => ({
      buildx: '0.29.1',
      buildkit: '0.25.0',
      driver: 'docker',
      engine: ''
    }))
    const { plan } = await prepareCache(
      parse({ cache: 'gha', tags: 'ghcr.io/acme/app:1', platforms: 'linux/amd64' }),
      deps({ env: V2, versions })
    )
    expect(versions).toHaveBeenCalledTimes(1)
    expect(plan.to.map(formatCacheEntry)).toEqual([
      'type=gha,scope=acme/app-linux-amd64,mode=max,ignore-error=true'
    ])
    expect(plan.notes.at(-1)).toContain('found buildx 0.29.1 and BuildKit 0.25.0')
  })
  test('gha on v2 with an old buildx fails', async () => {
    const versions = async () => ({ buildx: '0.13.1', buildkit: '', driver: 'docker', engine: '26.1.5' })
    await expect(prepareCache(parse({ cache: 'gha' }), deps({ env: V2, versions }))).rejects.toThrow(
      'needs buildx >= 0.21 and BuildKit >= 0.20; found buildx 0.13.1'
    )
  })
  test("a user's type=gha entry is checked too", async () => {
    const versions = async () => ({ buildx: '0.13.1', buildkit: '', driver: 'docker', engine: '26.1.5' })
    await expect(
      prepareCache(parse({ 'cache-from': 'type=gha' }), deps({ env: V2, versions }))
    ).rejects.toThrow('found buildx 0.13.1')
  })
  test('gha on v1: no version check', async () => {
    const env = { ACTIONS_CACHE_URL: 'http://c/', ACTIONS_RUNTIME_TOKEN: 't' }
    const { plan } = await prepareCache(parse({ cache: 'gha' }), deps({ env }))
    expect(plan.from.map(formatCacheEntry)).toEqual(['type=gha,scope=buildkit'])
    expect(plan.notes).toContain('cache: GitHub cache service v1 (legacy)')
  })
  test('gha without the runtime: a warning, the build goes on without it', async () => {
    const { plan } = await prepareCache(
      parse({ cache: 'gha', 'cache-from': 'ghcr.io/acme/app:cache' }),
      deps({ env: { ACTIONS_CACHE_URL: 'http://c/' } })
    )
    expect(plan.from.map(formatCacheEntry)).toEqual(['type=registry,ref=ghcr.io/acme/app:cache'])
    expect(plan.to).toEqual([])
    expect(logged).toEqual([expect.stringMatching(/^warning: cache: gha: the runner did not provide/)])
  })

  const api = (restored?: string): CacheApi & { calls: unknown[][] } => {
    const calls: unknown[][] = []
    return {
      calls,
      isFeatureAvailable: () => true,
      restoreCache: async (...a) => (calls.push(['restore', ...a]), restored),
      saveCache: async (...a) => (calls.push(['save', ...a]), 1)
    }
  }
  test('local: a fresh export directory, read from nothing on a miss', async () => {
    const a = api()
    const { plan, local } = await prepareCache(
      parse({ cache: 'local', tags: 'ghcr.io/acme/app:1', platforms: 'linux/amd64' }),
      deps({ cacheApi: async () => a })
    )
    const dest = join(temp, 'buildx-cache', 'acme_app-linux-amd64', 'cache')
    expect(local?.dest).toBe(dest)
    expect(plan.from).toEqual([])
    expect(plan.to.map(formatCacheEntry)).toEqual([`type=local,dest=${dest},mode=max,ignore-error=true`])
    expect(a.calls).toEqual([
      ['restore', [dest], 'buildx-local-acme/app-linux-amd64-', ['buildx-local-acme/app-linux-amd64-']]
    ])
  })
  test('local on pull_request_target: its own scope first, the base scope read too', async () => {
    const a = api()
    await prepareCache(
      parse({ cache: 'local', 'cache-scope': 'web' }),
      deps({ cacheApi: async () => a, event: { name: 'pull_request_target', prNumber: 3 } })
    )
    expect(a.calls[0].slice(2)).toEqual([
      'buildx-local-web-pr-3-',
      ['buildx-local-web-pr-3-', 'buildx-local-web-']
    ])
  })
})
