// The Actions cache service, as a job reaches it with its runtime token: v1 (REST, _apis/artifactcache)
// or v2 (twirp CacheService with signed blob URLs), whichever the runner offers, decided as @actions/cache
// decides it. The suite's one client of it: prune reads BuildKit's indexes through it, and a matrix leg
// stores its small JSON records (the arch's claim, the digest for the merge) as entries of their own,
// the JSON as the blob: no tar, no compression, three requests for a record. @actions/cache stays for
// what it is built for: `cache: local`'s directory trees.
import { http as defaultHttp, type Http, type HttpResponse } from './http.js'

export type CacheProtocol = 'v1' | 'v2'

export interface CacheServiceConfig {
  protocol: CacheProtocol
  /** The service's base URL, ending with `/`. */
  url: string
  /** ACTIONS_RUNTIME_TOKEN */
  token: string
  /** ACTIONS_CACHE_MODE as the runner sets it: whether this job may read and write entries. */
  readable: boolean
  writable: boolean
}

/** github.com, *.ghe.com and *.localhost have the v2 service; any other server is GHES (v1 only). */
function isGhes(serverUrl: string | undefined): boolean {
  let host = 'GITHUB.COM'
  try {
    host = new URL(serverUrl || 'https://github.com').hostname.toUpperCase()
  } catch {
    // as @actions/cache: an unparsable URL is not GHES
  }
  return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST')
}

/** The cache mode lattice: unset or unknown modes allow both (as @actions/cache reads them). */
const MODES = ['none', 'read', 'write', 'write-only']

/**
 * The service this job may use, from the runner's environment (@actions/cache's config.ts): v2 when
 * ACTIONS_CACHE_SERVICE_V2 is set (never on GHES), at ACTIONS_RESULTS_URL; v1 at ACTIONS_CACHE_URL.
 * Undefined when the runner offers none (no URL or no runtime token).
 */
export function cacheServiceConfig(env: NodeJS.ProcessEnv): CacheServiceConfig | undefined {
  const protocol: CacheProtocol = env.ACTIONS_CACHE_SERVICE_V2 && !isGhes(env.GITHUB_SERVER_URL) ? 'v2' : 'v1'
  const url = protocol === 'v2' ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL
  const token = env.ACTIONS_RUNTIME_TOKEN
  if (!url || !token) return undefined
  const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase()
  const known = MODES.includes(mode)
  return {
    protocol,
    url: url.replace(/\/*$/, '/'),
    token,
    readable: !known || mode === 'read' || mode === 'write',
    writable: !known || mode === 'write' || mode === 'write-only'
  }
}

export interface RuntimeScope {
  scope: string
  permission: number
}

/** The `ac` claim of a runtime token: the cache scopes (refs) a job may read (bit 1) and write (bit 2). */
export function runtimeScopes(token: string): RuntimeScope[] {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
    const ac = typeof claims.ac === 'string' ? JSON.parse(claims.ac) : []
    return (Array.isArray(ac) ? ac : []).map((s: { Scope?: unknown; Permission?: unknown }) => ({
      scope: String(s.Scope),
      permission: Number(s.Permission)
    }))
  } catch {
    return []
  }
}

/** An entry created for this job to fill: v1 names it by id, v2 by a signed upload URL. */
export interface Reservation {
  key: string
  version: string
  id?: number
  uploadUrl?: string
}

export interface Found {
  /** The key that matched (the exact key, or the newest under a restore prefix). */
  key: string
  /** Where its bytes are read. */
  url: string
}

export class CacheServiceError extends Error {}

export interface ClientOptions {
  http?: Http
  /** Waits before each retry of a 429, a 5xx or a failed connection (a Retry-After wins). */
  retryDelaysMs?: number[]
}

const TWIRP = 'twirp/github.actions.results.api.v1.CacheService/'
const V1_ACCEPT = 'application/json;api-version=6.0-preview.1'

export type CacheService = ReturnType<typeof cacheService>

export function cacheService(c: CacheServiceConfig, o: ClientOptions = {}) {
  const send = o.http ?? defaultHttp
  const delays = o.retryDelaysMs ?? [1000, 2000, 4000]
  const auth = { Authorization: `Bearer ${c.token}` }

  /** One request, retried while the answer is transient; `accept` lists the statuses that are answers. */
  async function request(
    url: string,
    init: Parameters<Http>[1],
    accept: number[] = []
  ): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      let res: HttpResponse | undefined
      let failure = ''
      try {
        res = await send(url, init)
        if ((res.status >= 200 && res.status < 300) || accept.includes(res.status)) return res
        failure = `answered ${res.status}: ${res.body.toString('utf8').slice(0, 200).replace(/\s+/g, ' ')}`
      } catch (e) {
        failure = `did not answer: ${(e as Error).message}`
      }
      const transient = !res || res.status === 429 || res.status >= 500
      if (!transient || attempt >= delays.length) throw new CacheServiceError(`cache service ${failure}`)
      const after = Number(res?.headers['retry-after'])
      await new Promise(r => setTimeout(r, after > 0 ? after * 1000 : delays[attempt]))
    }
  }
  const json = (res: HttpResponse) => JSON.parse(res.body.toString('utf8') || '{}')
  const twirp = (method: string, body: object, accept?: number[]) =>
    request(
      c.url + TWIRP + method,
      {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      },
      accept
    )
  const v1 = (method: string, resource: string, body?: object, accept?: number[]) =>
    request(
      `${c.url}_apis/artifactcache/${resource}`,
      {
        method,
        headers: { ...auth, Accept: V1_ACCEPT, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body && JSON.stringify(body)
      },
      accept
    )
  const notOk = (what: string, body: { message?: string }) =>
    new CacheServiceError(`cache service refused to ${what}${body.message ? `: ${body.message}` : ''}`)

  const service = {
    protocol: c.protocol,
    /** Creates (reserves) the entry for this job to fill; 'exists' when the key and version are taken in
     * the job's scope, by a finished entry or by one another job is still filling. */
    async create(key: string, version: string): Promise<Reservation | 'exists'> {
      if (c.protocol === 'v1') {
        const res = await v1('POST', 'caches', { key, version }, [409])
        if (res.status === 409) return 'exists'
        return { key, version, id: Number(json(res).cacheId) }
      }
      const res = await twirp('CreateCacheEntry', { key, version }, [409])
      if (res.status === 409) return 'exists'
      const body = json(res)
      if (!body.ok || !body.signed_upload_url) throw notOk(`create ${key}`, body)
      return { key, version, uploadUrl: body.signed_upload_url }
    },
    /** Uploads the whole entry at once (a record is small), then commits it: from then on it is found. */
    async fill(r: Reservation, bytes: Buffer): Promise<void> {
      await service.upload(r, bytes)
      await service.commit(r, bytes.length)
    },
    /** The entry's content, in one request; not found before its commit. On v2 an upload replaces the
     * last one (a blob's PUT). */
    async upload(r: Reservation, bytes: Buffer): Promise<void> {
      if (c.protocol === 'v1') {
        await request(`${c.url}_apis/artifactcache/caches/${r.id}`, {
          method: 'PATCH',
          headers: {
            ...auth,
            Accept: V1_ACCEPT,
            'Content-Type': 'application/octet-stream',
            'Content-Range': `bytes 0-${bytes.length - 1}/*`
          },
          body: bytes
        })
        return
      }
      await request(r.uploadUrl!, {
        method: 'PUT',
        headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': 'application/octet-stream' },
        body: bytes
      })
    },
    /** Commits the uploaded entry of `size` bytes: from then on it is found. */
    async commit(r: Reservation, size: number): Promise<void> {
      if (c.protocol === 'v1') {
        await v1('POST', `caches/${r.id}`, { size })
        return
      }
      const body = json(
        await twirp('FinalizeCacheEntryUpload', { key: r.key, version: r.version, size_bytes: `${size}` })
      )
      if (!body.ok) throw notOk(`finalize ${r.key}`, body)
    },
    /** The entry with exactly this key, else the newest under the first restore prefix that has one. */
    async lookup(key: string, version: string, restoreKeys: string[] = []): Promise<Found | undefined> {
      if (c.protocol === 'v1') {
        const keys = encodeURIComponent([key, ...restoreKeys].join(','))
        const res = await v1('GET', `cache?keys=${keys}&version=${encodeURIComponent(version)}`)
        if (res.status === 204) return undefined
        const body = json(res)
        return body.archiveLocation ? { key: String(body.cacheKey), url: body.archiveLocation } : undefined
      }
      const body = json(await twirp('GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version }))
      if (!body.ok || !body.signed_download_url) return undefined
      return { key: String(body.matched_key), url: body.signed_download_url }
    },
    async download(found: Found): Promise<Buffer> {
      return (await request(found.url, {})).body
    },
    /** The bytes of the entry with exactly this key (a prefix match on another key does not count). */
    async read(key: string, version: string): Promise<Buffer | undefined> {
      const found = await service.lookup(key, version)
      return found && found.key === key ? service.download(found) : undefined
    }
  }
  return service
}
