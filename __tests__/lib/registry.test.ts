// lib/registry.ts without a network: the token flow, paging, manifests and deletes over fake fetches.
import { parseChallenge, Registry, RegistryError, retryTransient } from '../../lib/registry.js'

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
    // The login's password and its Basic header are masked before any request (a registry may echo
    // the header back in an error body), then each token.
    expect(secrets).toEqual(['p', btoa('u:p'), 'tok-1', 'tok-1'])
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
})

describe('retryTransient', () => {
  const sleeps: number[] = []
  const sleep = async (ms: number) => void sleeps.push(ms)
  beforeEach(() => (sleeps.length = 0))

  test('5xx, 429 and no answer are tried again after 1 s and 3 s, then the error stands', async () => {
    let n = 0
    const ok = await retryTransient(
      async () => {
        if (++n < 3) throw n === 1 ? new RegistryError('busy', 503) : new TypeError('fetch failed')
        return 'done'
      },
      undefined,
      sleep
    )
    expect([ok, n, sleeps]).toEqual(['done', 3, [1000, 3000]])
    await expect(
      retryTransient(async () => Promise.reject(new RegistryError('slow down', 429)), undefined, sleep)
    ).rejects.toThrow('slow down')
  })

  test('a 4xx other than 429 is not tried again', async () => {
    let n = 0
    await expect(
      retryTransient(
        async () => {
          n++
          throw new RegistryError('denied', 403)
        },
        undefined,
        sleep
      )
    ).rejects.toThrow('denied')
    expect([n, sleeps]).toEqual([1, []])
  })
})
