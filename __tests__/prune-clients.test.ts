// lib/gha-cache.ts and lib/registry.ts without a network: pacing, concurrency, token scopes, the cache
// service read, the registry token flow and docker config logins, over fake clocks and fetches.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isPermissionError, readCacheEntry, runtimeScopes } from '../prune/gha/client.js'
import { parseChallenge, Registry } from '../lib/registry.js'
import { mapPaced, Pacer } from '../prune/pacer.js'
import { credentialHelper, dockerConfigCredentials } from '../lib/docker-config.js'

function fakeClock() {
  let t = 0
  const sleeps: number[] = []
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      t += ms
    },
    advance: (ms: number) => (t += ms),
    sleeps
  }
}

describe('Pacer', () => {
  test('spaces starts to the rate', async () => {
    const c = fakeClock()
    const p = new Pacer(120, c.now, c.sleep)
    const starts: number[] = []
    for (let i = 0; i < 4; i++) {
      await p.take()
      starts.push(c.now())
    }
    expect(starts).toEqual([0, 500, 1000, 1500])
  })
  test('a pause holds back every start until it ends', async () => {
    const c = fakeClock()
    const p = new Pacer(6000, c.now, c.sleep)
    await p.take()
    p.pause(3000)
    await p.take()
    expect(c.now()).toBe(3000)
  })
})

describe('mapPaced', () => {
  test('at most `concurrency` in flight; results in order; failures settle, the rest go on', async () => {
    let inFlight = 0
    let peak = 0
    const out = await mapPaced([1, 2, 3, 4, 5, 6, 7], 3, new Pacer(1e9), async n => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise(r => setTimeout(r, 5))
      inFlight--
      if (n === 4) throw new Error('four')
      return n * 10
    })
    expect(peak).toBe(3)
    expect(out.map(r => (r.ok ? r.value : (r.error as Error).message))).toEqual([
      10,
      20,
      30,
      'four',
      50,
      60,
      70
    ])
  })
  test('stop() ends the run: what was not started settles as skipped', async () => {
    let stop = false
    const out = await mapPaced(
      [1, 2, 3, 4],
      1,
      new Pacer(1e9),
      async n => {
        if (n === 2) stop = true
        return n
      },
      () => stop,
      () => 'skipped'
    )
    expect(out).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 2 },
      { ok: false, error: 'skipped' },
      { ok: false, error: 'skipped' }
    ])
  })
})

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

describe('registry client', () => {
  test('parseChallenge', () =>
    expect(
      parseChallenge('Bearer realm="https://auth.io/token",service="reg.io",scope="repository:a:pull"')
    ).toEqual({
      realm: 'https://auth.io/token',
      service: 'reg.io',
      scope: 'repository:a:pull'
    }))

  test('Bearer challenge: token from the realm with the login, then the request again', async () => {
    const seen: string[] = []
    const f = (async (url: string, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>)?.Authorization ?? ''
      seen.push(`${init?.method ?? 'GET'} ${url} ${auth}`)
      if (url.startsWith('https://auth.io/'))
        return Response.json({ token: 'tok-1' }, { status: auth === `Basic ${btoa('u:p')}` ? 200 : 401 })
      if (auth !== 'Bearer tok-1')
        return new Response('', {
          status: 401,
          headers: { 'WWW-Authenticate': 'Bearer realm="https://auth.io/token",service="reg.io"' }
        })
      if (init?.method === 'DELETE') return new Response('', { status: 202 })
      return Response.json({ tags: ['a', 'b'] })
    }) as typeof fetch
    const secrets: string[] = []
    const r = new Registry('reg.io', {
      fetch: f,
      credentials: async () => ({ username: 'u', password: 'p' }),
      onSecret: s => secrets.push(s)
    })
    expect(await r.tags('acme/cache')).toEqual(['a', 'b'])
    expect(await r.deleteManifest('acme/cache', 'sha256:1')).toBe('deleted')
    expect(seen).toEqual([
      'GET https://reg.io/v2/acme/cache/tags/list?n=1000 ',
      `GET https://auth.io/token?scope=repository%3Aacme%2Fcache%3Apull&service=reg.io Basic ${btoa('u:p')}`,
      'GET https://reg.io/v2/acme/cache/tags/list?n=1000 Bearer tok-1',
      'DELETE https://reg.io/v2/acme/cache/manifests/sha256:1 ',
      `GET https://auth.io/token?scope=repository%3Aacme%2Fcache%3Apull%2Cdelete&service=reg.io Basic ${btoa('u:p')}`,
      'DELETE https://reg.io/v2/acme/cache/manifests/sha256:1 Bearer tok-1'
    ])
    expect(secrets).toEqual(['tok-1', 'tok-1'])
  })

  test('Basic challenge; loopback registries speak http; tags follow the Link header', async () => {
    const seen: string[] = []
    const f = (async (url: string, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>)?.Authorization
      seen.push(url)
      if (!auth) return new Response('', { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } })
      if (url.includes('last=b')) return Response.json({ tags: ['c'] })
      return Response.json(
        { tags: ['a', 'b'] },
        { headers: { Link: '</v2/x/tags/list?last=b&n=1000>; rel="next"' } }
      )
    }) as typeof fetch
    const r = new Registry('localhost:5000', {
      fetch: f,
      credentials: async () => ({ username: 'u', password: 'p' })
    })
    expect(await r.tags('x')).toEqual(['a', 'b', 'c'])
    expect(seen).toEqual([
      'http://localhost:5000/v2/x/tags/list?n=1000',
      'http://localhost:5000/v2/x/tags/list?n=1000',
      'http://localhost:5000/v2/x/tags/list?last=b&n=1000'
    ])
  })

  test('manifest: the digest is the sha256 of the bytes served', async () => {
    const body = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}'
    const f = (async () => new Response(body)) as unknown as typeof fetch
    const m = await new Registry('localhost:1', { fetch: f }).manifest('x', 'tag')
    expect(m?.digest).toBe(
      'sha256:' + (await import('node:crypto')).createHash('sha256').update(body).digest('hex')
    )
    expect(m?.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
  })

  test('delete answers: 404 is gone, 405 an error with the status', async () => {
    const status = { v: 404 }
    const f = (async () =>
      new Response('{"errors":[{"code":"UNSUPPORTED","message":"nope"}]}', {
        status: status.v
      })) as unknown as typeof fetch
    const r = new Registry('localhost:1', { fetch: f })
    expect(await r.deleteManifest('x', 'sha256:1')).toBe('gone')
    status.v = 405
    await expect(r.deleteManifest('x', 'sha256:1')).rejects.toMatchObject({
      status: 405,
      message: 'delete x@sha256:1: HTTP 405 (UNSUPPORTED: nope)'
    })
  })

  test('docker config: auths (auth, username/password, identity token), helpers, credsStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docker-config-'))
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'reg.io': { auth: Buffer.from('u:p:with:colons').toString('base64') },
          'https://index.docker.io/v1/': { username: 'hub', password: 'pw' },
          'id.io': { username: 'x', identitytoken: 'refresh' }
        },
        credHelpers: { 'helped.io': 'fake' },
        credsStore: 'store'
      })
    )
    const helper = async (name: string, host: string) => ({ username: name, password: host })
    const creds = dockerConfigCredentials(dir, helper)
    expect(await creds('reg.io')).toEqual({ username: 'u', password: 'p:with:colons' })
    expect(await creds('registry-1.docker.io')).toEqual({ username: 'hub', password: 'pw' })
    expect(await creds('id.io')).toEqual({ username: 'x', identityToken: 'refresh' })
    expect(await creds('helped.io')).toEqual({ username: 'fake', password: 'helped.io' })
    expect(await creds('other.io')).toEqual({ username: 'store', password: 'other.io' })
    expect(await dockerConfigCredentials(join(dir, 'missing'))('reg.io')).toBeUndefined()
  })

  test('credential helper: docker-credential-<name> get, host on stdin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cred-helper-'))
    const script = join(dir, 'docker-credential-fake')
    writeFileSync(
      script,
      '#!/bin/sh\nread host\necho "{\\"Username\\":\\"bot\\",\\"Secret\\":\\"s-$host\\"}"\n'
    )
    chmodSync(script, 0o755)
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` }
    expect(await credentialHelper('fake', 'reg.io', env)).toEqual({ username: 'bot', password: 's-reg.io' })
    expect(await credentialHelper('absent', 'reg.io', env)).toBeUndefined()
  })
})
