import { jest } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatCacheEntry } from '../../../build/cache/entries.js'
import { planBuild } from '../../../build/engine/buildkit-plan.js'
import { prepareCache, type CacheDeps } from '../../../build/cache/cache.js'
import { platformSlug } from '../../../build/cache/cache-plan.js'
import { parse } from '../../helpers/build.js'
import type { ActionsCache as CacheApi } from '../../../build/model.js'

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
