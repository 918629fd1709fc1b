// The cache-service client: which protocol the runner offers, the runtime token's scopes, and every
// operation on both protocols against the services double (loopback, no Docker).
import {
  cacheService,
  cacheServiceConfig,
  runtimeScopes,
  type CacheProtocol,
  type CacheServiceConfig
} from '../../lib/cache-service.js'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'

const jwt = (claims: object) =>
  ['{"alg":"HS256"}', JSON.stringify(claims), 'sig'].map(s => Buffer.from(s).toString('base64url')).join('.')

test('runtimeScopes decodes the ac claim (a JSON string)', () => {
  const ac = JSON.stringify([
    { Scope: 'refs/pull/1/merge', Permission: 3 },
    { Scope: 'refs/heads/main', Permission: 1 }
  ])
  expect(runtimeScopes(jwt({ ac }))).toEqual([
    { scope: 'refs/pull/1/merge', permission: 3 },
    { scope: 'refs/heads/main', permission: 1 }
  ])
  expect(runtimeScopes('not-a-token')).toEqual([])
})

describe('cacheServiceConfig: the protocol as @actions/cache picks it', () => {
  const base = {
    ACTIONS_RUNTIME_TOKEN: 't',
    ACTIONS_RESULTS_URL: 'https://results.example',
    ACTIONS_CACHE_URL: 'https://cache.example/abc/'
  }
  test('v2 at ACTIONS_RESULTS_URL when ACTIONS_CACHE_SERVICE_V2 is set, else v1 at ACTIONS_CACHE_URL', () => {
    expect(cacheServiceConfig({ ...base, ACTIONS_CACHE_SERVICE_V2: 'True' })).toEqual({
      protocol: 'v2',
      url: 'https://results.example/',
      token: 't',
      readable: true,
      writable: true
    })
    expect(cacheServiceConfig(base)).toMatchObject({ protocol: 'v1', url: 'https://cache.example/abc/' })
  })
  test('GHES has v1 only, whatever the flag says; github.com, *.ghe.com and *.localhost have v2', () => {
    const v2 = { ...base, ACTIONS_CACHE_SERVICE_V2: 'True' }
    expect(cacheServiceConfig({ ...v2, GITHUB_SERVER_URL: 'https://ghes.corp' })?.protocol).toBe('v1')
    expect(cacheServiceConfig({ ...v2, GITHUB_SERVER_URL: 'https://acme.ghe.com' })?.protocol).toBe('v2')
    expect(cacheServiceConfig({ ...v2, GITHUB_SERVER_URL: 'https://github.com' })?.protocol).toBe('v2')
  })
  test('none without the URL of the protocol in use or without the runtime token', () => {
    expect(cacheServiceConfig({ ...base, ACTIONS_CACHE_URL: '' })).toBeUndefined()
    expect(
      cacheServiceConfig({ ...base, ACTIONS_CACHE_SERVICE_V2: '1', ACTIONS_RESULTS_URL: '' })
    ).toBeUndefined()
    expect(cacheServiceConfig({ ...base, ACTIONS_RUNTIME_TOKEN: '' })).toBeUndefined()
  })
  test.each([
    ['', true, true],
    ['read', true, false],
    ['write', true, true],
    ['write-only', false, true],
    ['none', false, false],
    ['whatever', true, true]
  ])('ACTIONS_CACHE_MODE=%j: readable %s, writable %s', (mode, readable, writable) =>
    expect(cacheServiceConfig({ ...base, ACTIONS_CACHE_MODE: mode })).toMatchObject({ readable, writable })
  )
})

describe.each<CacheProtocol>(['v1', 'v2'])('cache service %s against the double', protocol => {
  let d: Double
  let config: CacheServiceConfig
  beforeAll(async () => {
    d = await startDouble()
    const env = d.env()
    if (protocol === 'v1') delete (env as Record<string, string>).ACTIONS_CACHE_SERVICE_V2
    config = cacheServiceConfig(env)!
  })
  afterAll(() => d.close())
  beforeEach(() => d.reset())
  const client = () => cacheService(config, { retryDelaysMs: [0, 0] })

  test('the runner env of the double speaks this protocol', () => expect(config.protocol).toBe(protocol))
  test('create, fill: three requests, and the bytes read back as they were written', async () => {
    const c = client()
    const r = await c.create('rec-1', 'v')
    if (r === 'exists') throw new Error('exists')
    const bytes = Buffer.from(JSON.stringify({ digest: 'sha256:abc' }))
    await c.fill(r, bytes)
    expect(d.stats.count()).toBe(3)
    expect(d.store.list().map(e => [e.key, e.size])).toEqual([['rec-1', bytes.length]])
    expect((await c.read('rec-1', 'v'))?.toString()).toBe(bytes.toString())
    expect(await c.read('rec-1', 'other-version')).toBeUndefined()
  })
  test('a key taken by another job, filled or still pending, is "exists" in one request', async () => {
    const c = client()
    const pending = await c.create('k', 'v')
    expect(pending).not.toBe('exists')
    d.stats.reset()
    expect(await c.create('k', 'v')).toBe('exists')
    expect(d.stats.count()).toBe(1)
    // A pending entry is not found: only what was filled is.
    expect(await c.lookup('k', 'v')).toBeUndefined()
  })
  test('lookup: the exact key, else the newest under a restore prefix; an exact read ignores prefixes', async () => {
    const c = client()
    for (const k of ['p-1', 'p-2']) {
      const r = await c.create(k, 'v')
      if (r !== 'exists') await c.fill(r, Buffer.from(k))
    }
    expect((await c.lookup('p-1', 'v', ['p-']))?.key).toBe('p-1')
    expect((await c.lookup('p-', 'v', ['p-']))?.key).toBe('p-2')
    expect(await c.lookup('q-', 'v', ['q-'])).toBeUndefined()
    expect(await c.read('p-', 'v')).toBeUndefined()
  })
  test('a 5xx is retried; a refusal that is no conflict is an error naming the status', async () => {
    const c = client()
    d.faults.serverError({ status: 503, count: 1 })
    expect(await c.create('r', 'v')).not.toBe('exists')
    const denied = cacheService({ ...config, token: 'not-a-token' }, { retryDelaysMs: [] })
    await expect(denied.create('s', 'v')).rejects.toThrow(/^cache service answered 40[13]/)
  })
  test('a service that does not answer: the error says so', async () => {
    const gone = cacheService({ ...config, url: 'http://127.0.0.1:9/' }, { retryDelaysMs: [0] })
    await expect(gone.lookup('k', 'v')).rejects.toThrow(/^cache service did not answer: /)
  })
})
