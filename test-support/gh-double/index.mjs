// A protocol-faithful local double of GitHub's cache services, for tests (never bundled):
//  - cache service v2 (twirp JSON, ACTIONS_RESULTS_URL) + Azure-blob-style signed upload/download URLs
//  - cache service v1 (ACTIONS_CACHE_URL, _apis/artifactcache) as BuildKit before v0.20 speaks it
//  - the REST cache API (list/delete/usage) plus minimal repo, branch and pull request endpoints
//  - faults (rate limits, 5xx, slow answers) and per-route request accounting
// One in-memory store behind all of it. See README.md next to this file.
import http from 'node:http'
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { URLSearchParams } from 'node:url'
import { createStore, lookup, BUILDKIT_VERSION } from './store.mjs'
import { createFaults, createStats } from './faults.mjs'
import { issueRuntimeToken, verifyJwt, scopesOf, PERMISSION_READ, PERMISSION_WRITE } from './token.mjs'

export { BUILDKIT_VERSION }
export { decodeJwtUnverified, scopesOf } from './token.mjs'

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'
const V1_PREFIX = '/_apis/artifactcache/'
const BLOB_ACCOUNT = 'ghdouble'
const BLOB_CONTAINER = 'actions-cache'
const AZURE_VERSION = '2024-11-04'
const API_VERSION = '2022-11-28'
const DOCS = 'https://docs.github.com/rest'
const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unimplemented: 501,
  unavailable: 503
}
const LIST_SORTS = new Set(['created_at', 'last_accessed_at', 'size_in_bytes'])

class HttpError extends Error {
  constructor(status, message, extra = {}) {
    super(message)
    this.status = status
    Object.assign(this, extra)
  }
}

const iso = d => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')
const isoMs = d => new Date(d).toISOString()
const fakeSha = s => createHmac('sha1', 'sha').update(String(s)).digest('hex')

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function parseJson(buf) {
  if (!buf.length) return {}
  try {
    return JSON.parse(buf.toString('utf8'))
  } catch {
    throw new HttpError(400, 'Problems parsing JSON', { twirpCode: 'malformed' })
  }
}

/** `bytes=a-b` / `bytes=a-` → {start, end} (inclusive) or null; throws 416 when unsatisfiable. */
function parseRange(header, size) {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(header).trim())
  if (!m) return null
  let start
  let end
  if (m[1] === '') {
    const suffix = Number(m[2])
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size || start > end)
    throw new HttpError(416, 'The range specified is invalid for the current size of the resource.', {
      azureCode: 'InvalidRange',
      size
    })
  return { start, end }
}

function normalizePull(p, owner) {
  const head = p.head ?? `feature-${p.number}`
  const base = p.base ?? 'main'
  const state = p.state ?? 'open'
  const created = p.createdAt ? new Date(p.createdAt) : new Date()
  const closedAt = state === 'closed' ? new Date(p.closedAt ?? Date.now()) : null
  return {
    number: Number(p.number),
    head,
    base,
    state,
    merged: Boolean(p.merged),
    createdAt: created,
    closedAt,
    title: p.title ?? `PR ${p.number}`,
    owner
  }
}

/**
 * Starts the double on host:port (port 0 = ephemeral).
 * @param {import('./index.d.mts').DoubleOptions} [opts]
 */
export async function startDouble(opts = {}) {
  const host = opts.host ?? '127.0.0.1'
  const secret = opts.secret ?? randomBytes(32)
  const repository = opts.repository ?? 'octo-org/octo-repo'
  const [owner, repoName] = repository.split('/')
  const urlTtlMs = (opts.urlTtlSeconds ?? 3600) * 1000
  const maxEntryBytes = opts.maxEntryBytes ?? 10 * 1024 ** 3
  const log = opts.log ?? (() => {})

  const github = {
    repository,
    repositoryId: opts.repositoryId ?? 123456789,
    defaultBranch: opts.defaultBranch ?? 'main',
    /** @type {Set<string>} */
    branches: new Set(),
    /** @type {Map<number, any>} */
    pulls: new Map(),
    setPull(p) {
      const n = normalizePull(p, owner)
      github.pulls.set(n.number, n)
      return n
    }
  }
  for (const b of opts.branches ?? [github.defaultBranch]) github.branches.add(b)
  github.branches.add(github.defaultBranch)
  for (const p of opts.pulls ?? []) github.setPull(p)

  const store = createStore()
  const stats = createStats()
  const faults = createFaults()

  const rate = {
    limit: opts.rateLimit?.limit ?? 5000,
    windowMs: (opts.rateLimit?.windowSeconds ?? 3600) * 1000,
    used: 0,
    resetAt: 0
  }
  const rateState = () => {
    const now = Date.now()
    if (now >= rate.resetAt) {
      rate.used = 0
      rate.resetAt = now + rate.windowMs
    }
    return rate
  }

  /** REST tokens: value → { write } (actions: write or read). */
  const restTokens = new Map()
  const githubToken = (o = {}) => {
    const t = `ghs_${randomBytes(18).toString('base64url')}`
    restTokens.set(t, { write: o.actions !== 'read' })
    return t
  }
  const defaultGithubToken = githubToken()

  let baseUrl = ''

  // ---------- runtime tokens ----------
  const defaultReadRefs = ref => {
    const out = []
    const m = /^refs\/pull\/(\d+)\/merge$/.exec(ref)
    if (m && github.pulls.has(Number(m[1]))) out.push(`refs/heads/${github.pulls.get(Number(m[1])).base}`)
    out.push(`refs/heads/${github.defaultBranch}`)
    return out.filter(r => r !== ref)
  }
  const token = (o = {}) => {
    const ref = o.ref ?? `refs/heads/${github.defaultBranch}`
    return issueRuntimeToken(secret, {
      ref,
      readRefs: o.readRefs ?? defaultReadRefs(ref),
      write: o.write ?? true,
      ttlSeconds: o.ttlSeconds
    })
  }
  const env = (o = {}) => {
    const ref = o.ref ?? `refs/heads/${github.defaultBranch}`
    const pr = /^refs\/pull\/(\d+)\/merge$/.exec(ref)
    const pull = pr ? github.pulls.get(Number(pr[1])) : undefined
    return {
      ACTIONS_RESULTS_URL: `${baseUrl}/`,
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_RUNTIME_TOKEN: token(o),
      ACTIONS_CACHE_URL: `${baseUrl}/`,
      GITHUB_API_URL: baseUrl,
      // @actions/cache treats any host other than github.com/*.ghe.com/*.localhost as GHES and then
      // falls back to cache service v1 (config.js isGhes), so the server URL stays github.com.
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: owner,
      GITHUB_TOKEN: o.githubToken ?? defaultGithubToken,
      GITHUB_REF: ref,
      GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\//, ''),
      GITHUB_BASE_REF: pull ? pull.base : '',
      GITHUB_HEAD_REF: pull ? pull.head : ''
    }
  }

  const runtimeScopes = req => {
    const auth = req.headers.authorization ?? ''
    const m = /^Bearer\s+(.+)$/i.exec(auth)
    if (!m) throw new HttpError(401, 'missing bearer token', { twirpCode: 'unauthenticated' })
    let claims
    try {
      claims = verifyJwt(m[1].trim(), secret)
    } catch (e) {
      throw new HttpError(401, e.message, { twirpCode: 'unauthenticated' })
    }
    let scopes
    try {
      scopes = scopesOf(claims)
    } catch (e) {
      throw new HttpError(401, e.message, { twirpCode: 'unauthenticated' })
    }
    const readable = scopes.filter(s => s.Permission & PERMISSION_READ).map(s => s.Scope)
    const writable = scopes.filter(s => s.Permission & PERMISSION_WRITE).map(s => s.Scope)
    // BuildKit writes under the last writable scope (gha.go indexKey); so does the double.
    return { readable, write: writable.at(-1) }
  }

  // ---------- signed blob URLs ----------
  const blobPath = id => `/${BLOB_ACCOUNT}/${BLOB_CONTAINER}/${id}`
  const sign = (path, sp, se) =>
    createHmac('sha256', secret).update(`${path}\n${sp}\n${se}`).digest('base64url')
  const signedUrl = (entry, sp) => {
    const path = blobPath(entry.id)
    const se = iso(Date.now() + urlTtlMs)
    const q = new URLSearchParams({ sv: AZURE_VERSION, sr: 'b', sp, se, sig: sign(path, sp, se) })
    return `${baseUrl}${path}?${q}`
  }
  const checkSignature = (path, q, need) => {
    const sp = q.get('sp') ?? ''
    const se = q.get('se') ?? ''
    const sig = q.get('sig') ?? ''
    const want = Buffer.from(sign(path, sp, se))
    const got = Buffer.from(sig)
    if (got.length !== want.length || !timingSafeEqual(got, want))
      throw new HttpError(
        403,
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
        { azureCode: 'AuthenticationFailed' }
      )
    if (!(Date.parse(se) > Date.now()))
      throw new HttpError(403, `Signed expiry time [${se}] must be after signed start time`, {
        azureCode: 'AuthenticationFailed'
      })
    if (!sp.includes(need))
      throw new HttpError(
        403,
        'This request is not authorized to perform this operation using this permission.',
        { azureCode: 'AuthorizationPermissionMismatch' }
      )
  }

  // ---------- response helpers ----------
  const sendJson = (res, status, obj, headers = {}) => {
    const body = obj === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(obj))
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': body.length,
      ...headers
    })
    res.end(body)
  }
  const restHeaders = (extra = {}) => {
    const r = rateState()
    return {
      'X-GitHub-Api-Version-Selected': API_VERSION,
      'X-GitHub-Media-Type': 'github.v3; format=json',
      'X-GitHub-Request-Id': randomUUID().toUpperCase(),
      'X-RateLimit-Limit': String(r.limit),
      'X-RateLimit-Remaining': String(Math.max(0, r.limit - r.used)),
      'X-RateLimit-Reset': String(Math.ceil(r.resetAt / 1000)),
      'X-RateLimit-Used': String(r.used),
      'X-RateLimit-Resource': 'core',
      ...extra
    }
  }
  const azureHeaders = (extra = {}) => ({
    'x-ms-request-id': randomUUID(),
    'x-ms-version': AZURE_VERSION,
    Date: new Date().toUTCString(),
    ...extra
  })
  const sendAzureError = (res, status, code, message, extra = {}) => {
    const body = Buffer.from(
      `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${isoMs(Date.now())}</Message></Error>`
    )
    res.writeHead(
      status,
      azureHeaders({
        'Content-Type': 'application/xml',
        'Content-Length': body.length,
        'x-ms-error-code': code,
        ...extra
      })
    )
    res.end(body)
  }
  const sendError = (res, area, err, extra = {}) => {
    const status = err.status ?? 500
    const message = err.message || 'error'
    if (area === 'twirp') {
      const code =
        err.twirpCode ??
        (status >= 500
          ? status === 503
            ? 'unavailable'
            : 'internal'
          : status === 429
            ? 'resource_exhausted'
            : 'internal')
      return sendJson(res, TWIRP_STATUS[code] ?? status, { code, msg: message }, extra)
    }
    if (area === 'blob') {
      const code =
        err.azureCode ?? (status === 503 ? 'ServerBusy' : status >= 500 ? 'InternalError' : 'InvalidInput')
      return sendAzureError(
        res,
        status,
        code,
        message,
        err.size !== undefined ? { 'Content-Range': `bytes */${err.size}`, ...extra } : extra
      )
    }
    if (area === 'v1') {
      return sendJson(
        res,
        status,
        {
          $id: '1',
          innerException: null,
          message,
          typeName: err.typeName ?? '',
          typeKey: err.typeKey ?? '',
          errorCode: 0,
          eventId: 3000
        },
        extra
      )
    }
    const body = { message, documentation_url: err.docs ?? DOCS, status: String(status) }
    if (err.errors) body.errors = err.errors
    return sendJson(res, status, body, restHeaders(extra))
  }

  const sendFault = (res, area, rule) => {
    if (rule.type === 'rate-limit') {
      const r = rateState()
      const now = Date.now()
      const primary = rule.kind === 'primary'
      const reset = primary ? Math.ceil((now + rule.retryAfter * 1000) / 1000) : Math.ceil(r.resetAt / 1000)
      const headers = {
        'Retry-After': String(rule.retryAfter),
        'X-RateLimit-Limit': String(r.limit),
        'X-RateLimit-Remaining': primary ? '0' : String(Math.max(1, r.limit - r.used)),
        'X-RateLimit-Reset': String(reset),
        'X-RateLimit-Used': String(primary ? r.limit : r.used),
        'X-RateLimit-Resource': 'core'
      }
      const message = primary
        ? 'API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, please include the request ID.'
        : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.'
      if (area === 'rest') {
        const body = {
          message,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: String(rule.status)
        }
        return sendJson(res, rule.status, body, { ...restHeaders(), ...headers })
      }
      return sendError(
        res,
        area,
        new HttpError(rule.status, message, { twirpCode: 'resource_exhausted', azureCode: 'ServerBusy' }),
        headers
      )
    }
    const status = rule.status
    return sendError(
      res,
      area,
      new HttpError(status, status === 503 ? 'Service Unavailable' : 'Server Error', {
        azureCode: status === 503 ? 'ServerBusy' : 'InternalError'
      })
    )
  }

  // ---------- cache service v2 (twirp) ----------
  const twirp = {
    CreateCacheEntry(ctx, body) {
      const { write } = runtimeScopes(ctx.req)
      const key = String(body.key ?? '')
      const version = String(body.version ?? '')
      if (!key || key.length > 512)
        throw new HttpError(400, 'key is required and at most 512 characters', {
          twirpCode: 'invalid_argument'
        })
      if (!version) throw new HttpError(400, 'version is required', { twirpCode: 'invalid_argument' })
      if (!write) return { ok: false, message: 'cache write denied: the token has no writable cache scope' }
      if (store.existing(key, version, write)) {
        throw new HttpError(409, 'cache entry with the same key, version, and scope already exists', {
          twirpCode: 'already_exists'
        })
      }
      const entry = store.create({ key, version, ref: write })
      log(`v2 create ${entry.id} ${write} ${key}`)
      return { ok: true, signed_upload_url: signedUrl(entry, 'cw') }
    },
    FinalizeCacheEntryUpload(ctx, body) {
      const { write } = runtimeScopes(ctx.req)
      const key = String(body.key ?? '')
      const version = String(body.version ?? '')
      const size = Number(body.size_bytes ?? body.sizeBytes ?? 0)
      if (!write) return { ok: false, message: 'cache write denied: the token has no writable cache scope' }
      const entry = store.existing(key, version, write)
      if (!entry) throw new HttpError(404, 'cache entry not found', { twirpCode: 'not_found' })
      if (entry.finalized)
        throw new HttpError(409, 'cache entry is already finalized', { twirpCode: 'already_exists' })
      if (!entry.data)
        throw new HttpError(404, 'no uploaded content for the cache entry', { twirpCode: 'not_found' })
      if (entry.data.length !== size) {
        throw new HttpError(400, `size_bytes ${size} does not match the uploaded size ${entry.data.length}`, {
          twirpCode: 'invalid_argument'
        })
      }
      if (size > maxEntryBytes) {
        store.delete(entry.id)
        throw new HttpError(400, `cache entry of ${size} bytes is over the limit`, {
          twirpCode: 'invalid_argument'
        })
      }
      entry.size = size
      entry.finalized = true
      entry.lastAccessedAt = new Date()
      entry.blocks.clear()
      return { ok: true, entry_id: String(entry.id) }
    },
    GetCacheEntryDownloadURL(ctx, body) {
      const { readable } = runtimeScopes(ctx.req)
      if (!readable.length)
        throw new HttpError(403, 'cache read denied: the token has no readable cache scope', {
          twirpCode: 'permission_denied'
        })
      const key = String(body.key ?? '')
      const restoreKeys = body.restore_keys ?? body.restoreKeys ?? []
      const version = String(body.version ?? '')
      if (!key) throw new HttpError(400, 'key is required', { twirpCode: 'invalid_argument' })
      if (!version) throw new HttpError(400, 'version is required', { twirpCode: 'invalid_argument' })
      const hit = lookup(store, { scopes: readable, key, restoreKeys, version })
      if (!hit) return { ok: false, signed_download_url: '', matched_key: '' }
      hit.lastAccessedAt = new Date()
      return { ok: true, signed_download_url: signedUrl(hit, 'r'), matched_key: hit.key }
    }
  }

  // ---------- cache service v1 ----------
  const v1Entry = e => ({
    scope: e.ref,
    cacheKey: e.key,
    cacheVersion: e.version,
    creationTime: isoMs(e.createdAt)
  })
  const v1 = {
    getCacheEntry(ctx) {
      const { readable } = runtimeScopes(ctx.req)
      const keys = (ctx.query.get('keys') ?? '').split(',').filter(Boolean)
      const version = ctx.query.get('version') ?? ''
      if (!keys.length || !version) throw new HttpError(400, 'keys and version are required')
      if (!readable.length)
        throw new HttpError(403, 'cache read denied: the token has no readable cache scope')
      const hit = lookup(store, { scopes: readable, key: keys[0], restoreKeys: keys.slice(1), version })
      if (!hit) return sendJson(ctx.res, 204)
      hit.lastAccessedAt = new Date()
      return sendJson(ctx.res, 200, { ...v1Entry(hit), archiveLocation: signedUrl(hit, 'r') })
    },
    listCaches(ctx) {
      const { readable } = runtimeScopes(ctx.req)
      const key = ctx.query.get('key') ?? ''
      const list = store.list().filter(e => readable.includes(e.ref) && e.key === key)
      return sendJson(ctx.res, 200, { totalCount: list.length, artifactCaches: list.map(v1Entry) })
    },
    reserve(ctx, body) {
      const { write } = runtimeScopes(ctx.req)
      const key = String(body.key ?? '')
      const version = String(body.version ?? '')
      if (!key || !version)
        throw new HttpError(400, 'key and version are required', { typeKey: 'ArgumentException' })
      if (!write) throw new HttpError(403, 'cache write denied: the token has no writable cache scope')
      if (Number(body.cacheSize ?? 0) > maxEntryBytes) {
        throw new HttpError(
          400,
          `Cache size of ${body.cacheSize} bytes is over the ${maxEntryBytes} bytes limit.`,
          { typeKey: 'ArgumentException' }
        )
      }
      if (store.existing(key, version, write)) {
        throw new HttpError(409, `Cache already exists. Scope: ${write}, Key: ${key}, Version: ${version}`, {
          typeName:
            'Microsoft.Azure.DevOps.PipelineCache.WebApi.ArtifactCacheItemAlreadyExistsException, Microsoft.Azure.DevOps.PipelineCache.WebApi',
          typeKey: 'ArtifactCacheItemAlreadyExistsException'
        })
      }
      const entry = store.create({ key, version, ref: write })
      return sendJson(ctx.res, 201, { cacheId: entry.id })
    },
    pendingEntry(ctx, id) {
      const { write } = runtimeScopes(ctx.req)
      const entry = store.get(id)
      if (!entry || entry.ref !== write)
        throw new HttpError(404, `Cache with id ${id} was not found.`, {
          typeKey: 'ArtifactCacheNotFoundException'
        })
      if (entry.finalized)
        throw new HttpError(409, `Cache ${id} is already committed.`, {
          typeKey: 'ArtifactCacheAlreadyCommittedException'
        })
      return entry
    },
    upload(ctx, body, id) {
      const entry = v1.pendingEntry(ctx, id)
      const m = /^bytes (\d+)-(\d+)\/(\*|\d+)$/.exec(ctx.req.headers['content-range'] ?? '')
      if (!m) throw new HttpError(400, 'Content-Range header is required: bytes start-end/*')
      const start = Number(m[1])
      if (Number(m[2]) - start + 1 !== body.length)
        throw new HttpError(400, 'Content-Range does not match the body length')
      entry.chunks.push({ start, buf: body })
      return sendJson(ctx.res, 204)
    },
    commit(ctx, body, id) {
      const entry = v1.pendingEntry(ctx, id)
      const size = Number(body.size)
      const data = Buffer.alloc(size)
      let covered = 0
      for (const c of entry.chunks.sort((a, b) => a.start - b.start)) {
        if (c.start !== covered || c.start + c.buf.length > size)
          throw new HttpError(400, `Uploaded chunks do not cover 0-${size} contiguously.`)
        c.buf.copy(data, c.start)
        covered += c.buf.length
      }
      if (covered !== size)
        throw new HttpError(400, `Uploaded size ${covered} does not match the committed size ${size}.`)
      entry.data = data
      entry.size = size
      entry.chunks = []
      entry.finalized = true
      entry.lastAccessedAt = new Date()
      return sendJson(ctx.res, 204)
    }
  }

  // ---------- blob storage (signed URLs) ----------
  const blobEntry = (ctx, id, need) => {
    checkSignature(ctx.url.pathname, ctx.query, need)
    const entry = store.get(id)
    if (!entry) throw new HttpError(404, 'The specified blob does not exist.', { azureCode: 'BlobNotFound' })
    return entry
  }
  const etag = e => `"0x8D${(e.id * 7919 + (e.size ?? 0)).toString(16).toUpperCase().padStart(12, '0')}"`
  const blobProps = e => ({
    ETag: etag(e),
    'Last-Modified': new Date(e.lastAccessedAt).toUTCString(),
    'x-ms-creation-time': new Date(e.createdAt).toUTCString(),
    'x-ms-blob-type': 'BlockBlob',
    'x-ms-lease-state': 'available',
    'x-ms-lease-status': 'unlocked',
    'x-ms-server-encrypted': 'true',
    'Accept-Ranges': 'bytes'
  })
  const blob = {
    put(ctx, body, id) {
      const entry = blobEntry(ctx, id, 'w')
      if (entry.finalized)
        throw new HttpError(403, 'This request is not authorized to perform this operation.', {
          azureCode: 'AuthorizationPermissionMismatch'
        })
      const comp = ctx.query.get('comp')
      if (comp === 'block') {
        const blockId = ctx.query.get('blockid')
        if (!blockId)
          throw new HttpError(400, 'blockid is required', { azureCode: 'MissingRequiredQueryParameter' })
        entry.blocks.set(blockId, body)
      } else if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
          m => m[2].trim()
        )
        const parts = []
        for (const b of ids) {
          const part = entry.blocks.get(b)
          if (!part)
            throw new HttpError(400, 'The specified block list is invalid.', {
              azureCode: 'InvalidBlockList'
            })
          parts.push(part)
        }
        entry.data = Buffer.concat(parts)
        entry.blocks.clear()
      } else if (comp) {
        throw new HttpError(400, `comp=${comp} is not supported by the double`, {
          azureCode: 'UnsupportedQueryParameter'
        })
      } else {
        if (String(ctx.req.headers['x-ms-blob-type'] ?? '') !== 'BlockBlob') {
          throw new HttpError(
            400,
            'An HTTP header that is mandatory for this request is not specified: x-ms-blob-type',
            { azureCode: 'MissingRequiredHeader' }
          )
        }
        entry.data = body
      }
      ctx.res.writeHead(
        201,
        azureHeaders({
          ETag: etag(entry),
          'Last-Modified': new Date().toUTCString(),
          'x-ms-request-server-encrypted': 'true',
          'Content-Length': 0
        })
      )
      ctx.res.end()
    },
    get(ctx, _body, id) {
      const entry = blobEntry(ctx, id, 'r')
      if (!entry.finalized)
        throw new HttpError(404, 'The specified blob does not exist.', { azureCode: 'BlobNotFound' })
      const data = store.bytesOf(entry)
      const head = ctx.req.method === 'HEAD'
      const range = head
        ? null
        : parseRange(ctx.req.headers['x-ms-range'] ?? ctx.req.headers.range, data.length)
      if (!head) entry.lastAccessedAt = new Date()
      const headers = azureHeaders({ ...blobProps(entry), 'Content-Type': 'application/octet-stream' })
      if (range) {
        const slice = data.subarray(range.start, range.end + 1)
        ctx.res.writeHead(206, {
          ...headers,
          'Content-Length': slice.length,
          'Content-Range': `bytes ${range.start}-${range.end}/${data.length}`
        })
        return ctx.res.end(slice)
      }
      ctx.res.writeHead(200, { ...headers, 'Content-Length': data.length })
      ctx.res.end(head ? undefined : data)
    }
  }

  // ---------- REST ----------
  const restAuth = (ctx, { write = false } = {}) => {
    const auth = ctx.req.headers.authorization ?? ''
    const m = /^(?:token|bearer)\s+(.+)$/i.exec(auth)
    if (!m) throw new HttpError(401, 'Requires authentication')
    const t = restTokens.get(m[1].trim())
    if (!t) throw new HttpError(401, 'Bad credentials')
    if (write && !t.write) throw new HttpError(403, 'Resource not accessible by integration')
  }
  const restCache = e => ({
    id: e.id,
    ref: e.ref,
    key: e.key,
    version: e.version,
    last_accessed_at: isoMs(e.lastAccessedAt),
    created_at: isoMs(e.createdAt),
    size_in_bytes: e.size
  })
  const paging = ctx => {
    const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30))
    const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1)
    return { perPage, page }
  }
  /** Link header as GitHub sends it (repository endpoints link through /repositories/{id}). */
  const linkHeader = (ctx, total, { perPage, page }) => {
    const last = Math.max(1, Math.ceil(total / perPage))
    const tail = ctx.url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/^\/repositories\/\d+/, '')
    const link = p => {
      const q = new URLSearchParams(ctx.query)
      q.delete('page')
      q.set('page', String(p))
      return `<${baseUrl}/repositories/${github.repositoryId}${tail}?${q}>`
    }
    const out = []
    if (page > 1) out.push(`${link(page - 1)}; rel="prev"`)
    if (page < last) out.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`)
    if (page > 1) out.push(`${link(1)}; rel="first"`)
    return out.length ? { Link: out.join(', ') } : {}
  }
  const pageOf = (list, p) => list.slice((p.page - 1) * p.perPage, p.page * p.perPage)
  const pullJson = p => {
    const api = `${baseUrl}/repos/${repository}`
    return {
      url: `${api}/pulls/${p.number}`,
      id: 100000 + p.number,
      number: p.number,
      state: p.state,
      title: p.title,
      draft: false,
      merged: p.merged,
      user: { login: 'octocat', id: 1, type: 'User' },
      head: { label: `${owner}:${p.head}`, ref: p.head, sha: fakeSha(p.head) },
      base: { label: `${owner}:${p.base}`, ref: p.base, sha: fakeSha(p.base) },
      created_at: iso(p.createdAt),
      updated_at: iso(p.closedAt ?? p.createdAt),
      closed_at: p.closedAt ? iso(p.closedAt) : null,
      merged_at: p.merged && p.closedAt ? iso(p.closedAt) : null
    }
  }
  const branchJson = name => ({
    name,
    commit: { sha: fakeSha(name), url: `${baseUrl}/repos/${repository}/commits/${fakeSha(name)}` },
    protected: name === github.defaultBranch
  })
  const rest = {
    listCaches(ctx) {
      restAuth(ctx)
      const key = ctx.query.get('key')
      const ref = ctx.query.get('ref')
      const sort = ctx.query.get('sort') ?? 'last_accessed_at'
      const direction = ctx.query.get('direction') ?? 'desc'
      if (!LIST_SORTS.has(sort) || !['asc', 'desc'].includes(direction)) {
        throw new HttpError(422, 'Validation Failed', {
          errors: [
            { resource: 'ActionsCache', field: LIST_SORTS.has(sort) ? 'direction' : 'sort', code: 'invalid' }
          ]
        })
      }
      const field = { created_at: 'createdAt', last_accessed_at: 'lastAccessedAt', size_in_bytes: 'size' }[
        sort
      ]
      const sign = direction === 'asc' ? 1 : -1
      const list = store
        .list()
        .filter(e => (key ? e.key.startsWith(key) : true) && (ref ? e.ref === ref : true))
        .sort((a, b) => sign * (Number(a[field]) - Number(b[field]) || a.id - b.id))
      const p = paging(ctx)
      sendJson(
        ctx.res,
        200,
        { total_count: list.length, actions_caches: pageOf(list, p).map(restCache) },
        restHeaders(linkHeader(ctx, list.length, p))
      )
    },
    deleteCacheById(ctx, _b, id) {
      restAuth(ctx, { write: true })
      const e = store.get(id)
      if (!e || !e.finalized) throw new HttpError(404, 'Not Found')
      store.delete(id)
      ctx.res.writeHead(204, restHeaders())
      ctx.res.end()
    },
    deleteCachesByKey(ctx) {
      restAuth(ctx, { write: true })
      const key = ctx.query.get('key')
      const ref = ctx.query.get('ref')
      if (!key) throw new HttpError(422, 'Invalid request.\n\n"key" wasn\'t supplied.')
      const list = store.list().filter(e => e.key === key && (ref ? e.ref === ref : true))
      if (!list.length) throw new HttpError(404, 'Not Found')
      for (const e of list) store.delete(e.id)
      sendJson(ctx.res, 200, { total_count: list.length, actions_caches: list.map(restCache) }, restHeaders())
    },
    cacheUsage(ctx) {
      restAuth(ctx)
      const list = store.list()
      sendJson(
        ctx.res,
        200,
        {
          full_name: repository,
          active_caches_size_in_bytes: store.totalSize(),
          active_caches_count: list.length
        },
        restHeaders()
      )
    },
    getRepo(ctx) {
      restAuth(ctx)
      sendJson(
        ctx.res,
        200,
        {
          id: github.repositoryId,
          name: repoName,
          full_name: repository,
          owner: { login: owner },
          private: true,
          default_branch: github.defaultBranch,
          url: `${baseUrl}/repos/${repository}`
        },
        restHeaders()
      )
    },
    listBranches(ctx) {
      restAuth(ctx)
      const list = [...github.branches].sort()
      const p = paging(ctx)
      sendJson(ctx.res, 200, pageOf(list, p).map(branchJson), restHeaders(linkHeader(ctx, list.length, p)))
    },
    getBranch(ctx, _b, name) {
      restAuth(ctx)
      if (!github.branches.has(name)) throw new HttpError(404, 'Branch not found')
      sendJson(ctx.res, 200, branchJson(name), restHeaders())
    },
    listPulls(ctx) {
      restAuth(ctx)
      const state = ctx.query.get('state') ?? 'open'
      const list = [...github.pulls.values()]
        .filter(p => state === 'all' || p.state === state)
        .sort((a, b) => b.number - a.number)
      const p = paging(ctx)
      sendJson(ctx.res, 200, pageOf(list, p).map(pullJson), restHeaders(linkHeader(ctx, list.length, p)))
    },
    getPull(ctx, _b, n) {
      restAuth(ctx)
      const p = github.pulls.get(Number(n))
      if (!p) throw new HttpError(404, 'Not Found')
      sendJson(ctx.res, 200, pullJson(p), restHeaders())
    },
    rateLimit(ctx) {
      restAuth(ctx)
      const r = rateState()
      const core = {
        limit: r.limit,
        used: r.used,
        remaining: Math.max(0, r.limit - r.used),
        reset: Math.ceil(r.resetAt / 1000)
      }
      sendJson(ctx.res, 200, { resources: { core }, rate: core }, restHeaders())
    }
  }

  // ---------- routing ----------
  const route = (method, pathname, query) => {
    if (pathname.startsWith(TWIRP_PREFIX)) {
      const m = pathname.slice(TWIRP_PREFIX.length)
      if (method === 'POST' && Object.hasOwn(twirp, m))
        return { area: 'twirp', name: `twirp.${m}`, twirp: twirp[m] }
      return { area: 'twirp', name: 'twirp.unknown' }
    }
    if (pathname.startsWith(V1_PREFIX)) {
      const rest1 = pathname.slice(V1_PREFIX.length)
      if (rest1 === 'cache' && method === 'GET')
        return { area: 'v1', name: 'v1.getCacheEntry', fn: v1.getCacheEntry }
      if (rest1 === 'caches' && method === 'GET')
        return { area: 'v1', name: 'v1.listCaches', fn: v1.listCaches }
      if (rest1 === 'caches' && method === 'POST') return { area: 'v1', name: 'v1.reserve', fn: v1.reserve }
      const m = /^caches\/(\d+)$/.exec(rest1)
      if (m && method === 'PATCH') return { area: 'v1', name: 'v1.upload', fn: v1.upload, arg: m[1] }
      if (m && method === 'POST') return { area: 'v1', name: 'v1.commit', fn: v1.commit, arg: m[1] }
      return { area: 'v1', name: 'v1.unknown' }
    }
    const b = new RegExp(`^/${BLOB_ACCOUNT}/${BLOB_CONTAINER}/(\\d+)$`).exec(pathname)
    if (b) {
      if (method === 'PUT') {
        const comp = query.get('comp')
        const name =
          comp === 'block' ? 'blob.putBlock' : comp === 'blocklist' ? 'blob.putBlockList' : 'blob.put'
        return { area: 'blob', name, fn: blob.put, arg: b[1] }
      }
      if (method === 'GET') return { area: 'blob', name: 'blob.get', fn: blob.get, arg: b[1] }
      if (method === 'HEAD') return { area: 'blob', name: 'blob.head', fn: blob.get, arg: b[1] }
      return { area: 'blob', name: 'blob.unknown' }
    }
    if (pathname === '/rate_limit' && method === 'GET')
      return { area: 'rest', name: 'rest.rateLimit', fn: rest.rateLimit, free: true }
    const [o, r] = repository.toLowerCase().split('/')
    const repoM =
      /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(pathname) ?? /^\/repositories\/(\d+)(\/.*)?$/.exec(pathname)
    if (repoM) {
      const known =
        repoM.length === 4
          ? repoM[1].toLowerCase() === o && repoM[2].toLowerCase() === r
          : Number(repoM[1]) === github.repositoryId
      const tail = (repoM.length === 4 ? repoM[3] : repoM[2]) ?? ''
      if (!known) return { area: 'rest', name: 'rest.unknown' }
      const table = [
        ['GET', /^$/, 'getRepo'],
        ['GET', /^\/actions\/caches$/, 'listCaches'],
        ['DELETE', /^\/actions\/caches$/, 'deleteCachesByKey'],
        ['DELETE', /^\/actions\/caches\/(\d+)$/, 'deleteCacheById'],
        ['GET', /^\/actions\/cache\/usage$/, 'cacheUsage'],
        ['GET', /^\/branches$/, 'listBranches'],
        ['GET', /^\/branches\/(.+)$/, 'getBranch'],
        ['GET', /^\/pulls$/, 'listPulls'],
        ['GET', /^\/pulls\/(\d+)$/, 'getPull']
      ]
      for (const [meth, re, name] of table) {
        const mm = re.exec(tail)
        if (mm && meth === method)
          return {
            area: 'rest',
            name: `rest.${name}`,
            fn: rest[name],
            arg: mm[1] && decodeURIComponent(mm[1])
          }
      }
    }
    return { area: 'rest', name: 'rest.unknown' }
  }

  const handle = async (req, res) => {
    const url = new URL(req.url ?? '/', baseUrl)
    const r = route(req.method ?? 'GET', url.pathname, url.searchParams)
    const rec = stats.record({
      route: r.name,
      method: req.method ?? '',
      path: url.pathname + url.search,
      status: 0,
      start: Date.now(),
      end: 0
    })
    res.on('finish', () => {
      rec.status = res.statusCode
      rec.end = Date.now()
    })
    try {
      const body = await readBody(req)
      const { delayMs, answer } = faults.pick(r.name)
      if (delayMs) await sleep(delayMs)
      if (answer) {
        rec.fault = answer.type
        return sendFault(res, r.area, answer)
      }
      if (r.area === 'rest' && !r.free) {
        const st = rateState()
        st.used++
        if (st.used > st.limit) {
          rec.fault = 'rate-limit'
          return sendFault(res, 'rest', {
            type: 'rate-limit',
            kind: 'primary',
            status: 403,
            retryAfter: Math.ceil((st.resetAt - Date.now()) / 1000)
          })
        }
      }
      const ctx = { req, res, url, query: url.searchParams, route: r }
      if (r.twirp) {
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
          throw new HttpError(404, 'only application/json twirp requests are served', {
            twirpCode: 'bad_route'
          })
        }
        return sendJson(res, 200, r.twirp(ctx, parseJson(body)))
      }
      if (!r.fn) {
        throw new HttpError(404, 'Not Found', { twirpCode: 'bad_route', azureCode: 'UnsupportedHttpVerb' })
      }
      const parsed = r.area === 'v1' && req.method === 'POST' ? parseJson(body) : body
      await r.fn(ctx, parsed, r.arg)
    } catch (err) {
      if (!(err instanceof HttpError)) log(`double: ${err?.stack ?? err}`)
      if (!res.headersSent)
        sendError(
          res,
          r.area,
          err instanceof HttpError ? err : new HttpError(500, String(err?.message ?? err))
        )
      else res.destroy()
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  server.keepAliveTimeout = 5000
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve(undefined))
  })
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  return {
    url: baseUrl,
    port,
    repository,
    githubToken: defaultGithubToken,
    token,
    issueGithubToken: githubToken,
    env,
    store,
    stats,
    faults,
    github,
    reset() {
      store.clear()
      stats.reset()
      faults.clear()
    },
    close() {
      return new Promise(resolve => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
    }
  }
}
