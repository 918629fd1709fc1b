// The Actions cache client without a network: token scopes, permission errors, the cache service read.
import { isPermissionError, readCacheEntry, runtimeScopes } from '../../lib/cache-service.js'

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

test.each([
  [{ status: 401 }, true],
  [{ status: 403, message: 'Resource not accessible by integration', response: { headers: {} } }, true],
  [{ status: 403, message: 'You have exceeded a secondary rate limit', response: { headers: {} } }, false],
  [{ status: 403, message: 'x', response: { headers: { 'x-ratelimit-remaining': '0' } } }, false],
  [{ status: 500 }, false]
])('isPermissionError %j', (e, want) => expect(isPermissionError(e)).toBe(want))

describe('readCacheEntry', () => {
  const calls: { url: string; init?: RequestInit }[] = []
  const answer = (matched: string) =>
    (async (url: string, init?: RequestInit) => {
      calls.push({ url, init })
      if (url.includes('twirp'))
        return Response.json({ ok: true, signed_download_url: 'http://blob/1?sig=x', matched_key: matched })
      return new Response('{"layers":[]}')
    }) as typeof fetch
  beforeEach(() => (calls.length = 0))

  test('asks for the exact key and version, then downloads the signed URL', async () => {
    const bytes = await readCacheEntry(
      { resultsUrl: 'http://r', token: 't', fetch: answer('k#2') },
      'k#2',
      'v'
    )
    expect(bytes?.toString()).toBe('{"layers":[]}')
    expect(calls[0].url).toBe(
      'http://r/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL'
    )
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ key: 'k#2', restore_keys: [], version: 'v' })
    expect(calls[0].init?.headers).toEqual({ Authorization: 'Bearer t', 'Content-Type': 'application/json' })
  })
  test('a prefix match on another key is not the entry', async () => {
    expect(
      await readCacheEntry({ resultsUrl: 'http://r/', token: 't', fetch: answer('k#20') }, 'k#2', 'v')
    ).toBe(undefined)
    expect(calls).toHaveLength(1)
  })
})
