// Cache service v2: twirp JSON (snake_case fields, int64 as string) at
// ACTIONS_RESULTS_URL/twirp/github.actions.results.api.v1.CacheService/, with signed blob URLs for the
// bytes (`actions-cache` container).
import { lookup } from './store.mjs'
import { HttpError, twirpService } from './respond.mjs'

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'
export const CACHE_CONTAINER = 'actions-cache'

export function cacheV2(shared) {
  const { store, log, runtimeScopes } = shared
  const signedUrl = (entry, sp) => shared.blobs.signedUrl(CACHE_CONTAINER, entry, sp)
  return twirpService(TWIRP_PREFIX, 'twirp.', {
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
      if (size > shared.maxEntryBytes) {
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
  })
}
