// Cache service v1 (ACTIONS_CACHE_URL/_apis/artifactcache/) as BuildKit before v0.20 and @actions/cache
// without ACTIONS_CACHE_SERVICE_V2 speak it: lookup, list, reserve, chunked PATCH upload, commit.
import { lookup } from './store.mjs'
import { HttpError, isoMs } from './respond.mjs'
import { CACHE_CONTAINER } from './cache-v2.mjs'

const V1_PREFIX = '/_apis/artifactcache/'

export function cacheV1(shared) {
  const { store, runtimeScopes, sendJson } = shared
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
      const archiveLocation = shared.blobs.signedUrl(CACHE_CONTAINER, hit, 'r')
      return sendJson(ctx.res, 200, { ...v1Entry(hit), archiveLocation })
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
      const max = shared.maxEntryBytes
      if (Number(body.cacheSize ?? 0) > max) {
        throw new HttpError(400, `Cache size of ${body.cacheSize} bytes is over the ${max} bytes limit.`, {
          typeKey: 'ArgumentException'
        })
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

  return {
    route(method, pathname) {
      if (!pathname.startsWith(V1_PREFIX)) return undefined
      const at = (name, extra = {}) => ({
        area: 'v1',
        name: `v1.${name}`,
        fn: v1[name],
        json: true,
        ...extra
      })
      const rest = pathname.slice(V1_PREFIX.length)
      if (rest === 'cache' && method === 'GET') return at('getCacheEntry')
      if (rest === 'caches' && method === 'GET') return at('listCaches')
      if (rest === 'caches' && method === 'POST') return at('reserve')
      const m = /^caches\/(\d+)$/.exec(rest)
      if (m && method === 'PATCH') return at('upload', { arg: m[1] })
      if (m && method === 'POST') return at('commit', { arg: m[1] })
      return { area: 'v1', name: 'v1.unknown' }
    }
  }
}
