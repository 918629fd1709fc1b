// A small client of the OCI distribution API: tags, manifests, blobs, pushes and manifest deletion, with the
// login a docker CLI would use (lib/docker-config.ts) and the registry token
// flow (Bearer challenge → token endpoint) or Basic auth. No Actions runtime calls: secrets learned on
// the way are handed to `onSecret` for masking.

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
} as const
export const MANIFEST_TYPES: readonly string[] = Object.values(MEDIA)
export const isIndexType = (t: string) => t === MEDIA.ociIndex || t === MEDIA.dockerList

export interface Credentials {
  username?: string
  password?: string
  /** An OAuth refresh token (docker login with an identity token). */
  identityToken?: string
}

export type CredentialLookup = (host: string) => Promise<Credentials | undefined>

export class RegistryError extends Error {
  override name = 'RegistryError'
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message)
  }
}

/** A registry error worth another try: a 5xx, a 429, or no answer at all. */
export function isTransient(e: unknown): boolean {
  if (e instanceof RegistryError) return e.status >= 500 || e.status === 429
  return e instanceof TypeError // fetch failed: connection refused, reset, DNS
}

/** `fn`, tried again after 1 s and 3 s while it fails transiently. */
export async function retryTransient<T>(
  fn: () => Promise<T>,
  delays: number[] = [1000, 3000],
  sleep = (ms: number) => new Promise(r => setTimeout(r, ms))
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      if (attempt >= delays.length || !isTransient(e)) throw e
      await sleep(delays[attempt])
    }
  }
}

export interface Manifest {
  digest: string
  mediaType: string
  size: number
  body: Record<string, unknown>
}

export interface RegistryOptions {
  credentials?: CredentialLookup
  fetch?: typeof fetch
  onSecret?: (secret: string) => void
  /** Default: http for loopback hosts, https for the rest. */
  scheme?: 'http' | 'https'
}

type Action = 'pull' | 'pull,delete' | 'pull,push'

export class Registry {
  private readonly f: typeof fetch
  private readonly base: string
  /** Authorization header per repository scope, once learned. */
  private readonly auth = new Map<string, string>()
  private creds?: Promise<Credentials | undefined>

  constructor(
    readonly host: string,
    private readonly o: RegistryOptions = {}
  ) {
    this.f = o.fetch ?? fetch
    const loopback = /^(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(host)
    this.base = `${o.scheme ?? (loopback ? 'http' : 'https')}://${host}`
  }

  /** Every tag of a repository (following the Link header's pages). */
  async tags(name: string): Promise<string[]> {
    const out: string[] = []
    let path: string | undefined = `/v2/${name}/tags/list?n=1000`
    while (path) {
      const res = await this.request(name, 'pull', 'GET', path)
      if (res.status === 404) return out
      await check(res, `tags of ${name}`)
      const body = (await res.json()) as { tags?: string[] | null }
      out.push(...(body.tags ?? []))
      path = /<([^>]+)>;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1]
    }
    return out
  }

  async manifest(name: string, reference: string): Promise<Manifest | undefined> {
    const res = await this.request(name, 'pull', 'GET', `/v2/${name}/manifests/${reference}`, {
      Accept: MANIFEST_TYPES.join(', ')
    })
    if (res.status === 404) return undefined
    await check(res, `manifest ${name}:${reference}`)
    const bytes = Buffer.from(await res.arrayBuffer())
    const body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
    // node:crypto for blobs of any size, loaded here only (lib/ids.ts hashes the short texts).
    const digest = `sha256:${process.getBuiltinModule('node:crypto').createHash('sha256').update(bytes).digest('hex')}`
    const mediaType = String(body.mediaType ?? res.headers.get('content-type') ?? '').split(';')[0]
    return { digest, mediaType, size: bytes.length, body }
  }

  async blobJson(name: string, digest: string): Promise<unknown> {
    const res = await this.request(name, 'pull', 'GET', `/v2/${name}/blobs/${digest}`)
    await check(res, `blob ${name}@${digest}`)
    return JSON.parse(Buffer.from(await res.arrayBuffer()).toString('utf8'))
  }

  /** Deletes a manifest (and with it every tag that points to it). 404 means it was gone already. */
  async deleteManifest(name: string, digest: string): Promise<'deleted' | 'gone'> {
    const res = await this.request(name, 'pull,delete', 'DELETE', `/v2/${name}/manifests/${digest}`)
    if (res.status === 404) return 'gone'
    await check(res, `delete ${name}@${digest}`)
    return 'deleted'
  }

  async hasBlob(name: string, digest: string): Promise<boolean> {
    const res = await this.request(name, 'pull,push', 'HEAD', `/v2/${name}/blobs/${digest}`)
    if (res.status === 404) return false
    await check(res, `blob ${name}@${digest}`)
    return true
  }

  /** A monolithic upload (POST, then PUT with the digest); `body` is called once the upload is open, so
   * an authorisation round trip never consumes a stream. */
  async uploadBlob(name: string, digest: string, size: number, body: () => BodyInit): Promise<void> {
    const start = await this.request(name, 'pull,push', 'POST', `/v2/${name}/blobs/uploads/`)
    await check(start, `upload of ${name}@${digest}`)
    const location = new URL(start.headers.get('location') ?? '', `${this.base}/`)
    location.searchParams.set('digest', digest)
    // A stream goes out chunked; a size mismatch is caught by the registry's digest check.
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' }
    if (size === 0) headers['Content-Length'] = '0'
    const res = await this.request(name, 'pull,push', 'PUT', location.href, headers, body())
    await check(res, `upload of ${name}@${digest}`)
  }

  async putManifest(name: string, reference: string, mediaType: string, bytes: Buffer): Promise<void> {
    const res = await this.request(
      name,
      'pull,push',
      'PUT',
      `/v2/${name}/manifests/${reference}`,
      { 'Content-Type': mediaType },
      new Uint8Array(bytes)
    )
    await check(res, `manifest ${name}:${reference}`)
  }

  private async request(
    name: string,
    action: Action,
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: BodyInit
  ): Promise<Response> {
    const scope = `repository:${name}:${action}`
    const url = path.startsWith('http') ? path : `${this.base}${path}`
    const send = (auth?: string) =>
      this.f(url, {
        method,
        headers: { ...headers, ...(auth ? { Authorization: auth } : {}) },
        redirect: 'follow',
        ...(body === undefined ? {} : { body, duplex: 'half' })
      } as RequestInit)
    let res = await send(this.auth.get(scope))
    if (res.status !== 401) return res
    const challenge = res.headers.get('www-authenticate') ?? ''
    await res.arrayBuffer()
    const auth = await this.authorize(challenge, scope)
    if (!auth) return res
    this.auth.set(scope, auth)
    res = await send(auth)
    return res
  }

  private async authorize(challenge: string, scope: string): Promise<string | undefined> {
    const creds = await (this.creds ??= this.loadCredentials())
    const scheme = /^\s*(\w+)/.exec(challenge)?.[1]?.toLowerCase()
    if (scheme === 'basic') return basicAuth(creds)
    if (scheme !== 'bearer') return undefined
    const params = parseChallenge(challenge)
    if (!params.realm) return undefined
    const token = await this.fetchToken(params.realm, params.service, scope, creds)
    this.o.onSecret?.(token)
    return `Bearer ${token}`
  }

  /** The login for this host, every secret part of it masked first: the password, an identity token,
   * and the Basic header's base64 (a registry may echo the header back in an error body). */
  private async loadCredentials(): Promise<Credentials | undefined> {
    const creds = await (this.o.credentials ?? (async () => undefined))(this.host)
    const basic = basicAuth(creds)
    for (const s of [creds?.password, creds?.identityToken, basic?.slice('Basic '.length)])
      if (s) this.o.onSecret?.(s)
    return creds
  }

  private async fetchToken(
    realm: string,
    service: string | undefined,
    scope: string,
    creds: Credentials | undefined
  ): Promise<string> {
    let res: Response
    if (creds?.identityToken) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: creds.identityToken,
        client_id: 'buildx-action-suite',
        scope,
        ...(service ? { service } : {})
      })
      res = await this.f(realm, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString()
      })
    } else {
      const q = new URLSearchParams({ scope, ...(service ? { service } : {}) })
      const basic = basicAuth(creds)
      res = await this.f(`${realm}${realm.includes('?') ? '&' : '?'}${q}`, {
        headers: basic ? { Authorization: basic } : undefined
      })
    }
    await check(res, `token for ${scope} from ${realm}`)
    const body = (await res.json()) as { token?: string; access_token?: string }
    const token = body.token ?? body.access_token
    if (!token) throw new RegistryError(`token endpoint ${realm} answered without a token`, res.status)
    return token
  }
}

/** `Basic <base64(user:password)>`, when the login has a user and a password. */
function basicAuth(creds: Credentials | undefined): string | undefined {
  if (!creds?.username || creds.password === undefined) return undefined
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters. */
export function parseChallenge(header: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of header.replace(/^\s*\w+\s+/, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g))
    out[m[1].toLowerCase()] = m[2] ?? m[3]
  return out
}

async function check(res: Response, what: string): Promise<void> {
  if (res.ok) return
  let detail = ''
  try {
    const text = await res.text()
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] }
    detail = body.errors?.map(e => `${e.code}: ${e.message}`).join('; ') ?? text
  } catch {
    detail = ''
  }
  throw new RegistryError(
    `${what}: HTTP ${res.status}${detail ? ` (${detail.slice(0, 200)})` : ''}`,
    res.status
  )
}
