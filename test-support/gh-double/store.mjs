// One store behind every protocol: cache entries with the scope (ref) that wrote them, their
// version, timestamps and bytes. Entries are pending until finalized (v2 FinalizeCacheEntryUpload,
// v1 commit); only finalized entries are visible to lookups and to the REST API. Artifacts
// (`store.artifacts`) live beside them with their workflow run, job and expiry.
import { createHash } from 'node:crypto'

/** The version go-actions-cache (BuildKit's gha backend) sends for every key. */
export const BUILDKIT_VERSION = createHash('sha256').update('|go-actionscache-1.0').digest('hex')

const toDate = v => (v === undefined ? undefined : v instanceof Date ? v : new Date(v))

export function createStore() {
  /** @type {Map<number, any>} */
  const entries = new Map()
  let nextId = 1000

  const store = {
    entries,
    /** Finalized entries, in creation order. */
    list() {
      return [...entries.values()].filter(e => e.finalized)
    },
    all() {
      return [...entries.values()]
    },
    get(id) {
      return entries.get(Number(id))
    },
    find(pred) {
      return store.list().filter(pred)
    },
    create({ key, version, ref, now = new Date() }) {
      const e = {
        id: nextId++,
        key,
        version,
        ref,
        size: 0,
        createdAt: now,
        lastAccessedAt: now,
        finalized: false,
        data: null,
        blocks: new Map(),
        chunks: []
      }
      entries.set(e.id, e)
      return e
    },
    /** Any entry (pending or final) with this key+version in this scope. */
    existing(key, version, ref) {
      for (const e of entries.values()) if (e.key === key && e.version === version && e.ref === ref) return e
      return undefined
    },
    delete(id) {
      return entries.delete(Number(id))
    },
    clear() {
      entries.clear()
      store.artifacts.clear()
    },
    artifacts: createArtifacts(),
    /**
     * Seeds finalized entries (for prune tests). `data` (string|Buffer) sets the content; otherwise the
     * entry reads back as `size` zero bytes. Version defaults to BuildKit's.
     */
    seed(list) {
      return list.map(s => {
        const data = s.data === undefined ? null : Buffer.from(s.data)
        const createdAt = toDate(s.createdAt) ?? new Date()
        const e = store.create({
          key: s.key,
          version: s.version ?? BUILDKIT_VERSION,
          ref: s.ref ?? 'refs/heads/main',
          now: createdAt
        })
        e.data = data
        e.size = data ? data.length : (s.size ?? 0)
        e.lastAccessedAt = toDate(s.lastAccessedAt) ?? createdAt
        e.finalized = true
        return e
      })
    },
    bytesOf(e) {
      return e.data ?? Buffer.alloc(e.size)
    },
    totalSize() {
      return store.list().reduce((n, e) => n + e.size, 0)
    }
  }
  return store
}

/**
 * GitHub's cache matching, per readable scope in token order (current ref, base, default branch):
 * exact primary key, then for each of [primary, ...restoreKeys] the newest prefix match; versions
 * must match exactly.
 */
export function lookup(store, { scopes, key, restoreKeys = [], version }) {
  for (const scope of scopes) {
    const candidates = store
      .list()
      .filter(e => e.ref === scope && e.version === version)
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    const exact = candidates.find(e => e.key === key)
    if (exact) return exact
    for (const k of [key, ...restoreKeys]) {
      const m = candidates.find(e => e.key.startsWith(k))
      if (m) return m
    }
  }
  return undefined
}

/** Artifacts of workflow runs; pending until FinalizeArtifact, gone for the services once expired. */
function createArtifacts() {
  /** @type {Map<number, any>} */
  const items = new Map()
  let nextId = 7000
  const artifacts = {
    items,
    all() {
      return [...items.values()]
    },
    get(id) {
      return items.get(Number(id))
    },
    /** Finalized artifacts (expired ones too), oldest first. */
    list() {
      return artifacts.all().filter(a => a.finalized)
    },
    expired(a, now = Date.now()) {
      return a.expiresAt.getTime() <= now
    },
    /** The finalized, unexpired artifact `name` of a workflow run. */
    live(runBackendId, name) {
      return artifacts
        .list()
        .find(a => a.runBackendId === runBackendId && a.name === name && !artifacts.expired(a))
    },
    create({ runBackendId, jobBackendId, runId, ref, name, expiresAt, mimeType, version }) {
      const now = new Date()
      const a = {
        id: nextId++,
        name,
        runBackendId,
        jobBackendId,
        runId,
        ref,
        version,
        mimeType,
        size: 0,
        digest: undefined,
        createdAt: now,
        lastAccessedAt: now,
        expiresAt,
        finalized: false,
        data: null,
        blocks: new Map()
      }
      items.set(a.id, a)
      return a
    },
    delete(id) {
      return items.delete(Number(id))
    },
    clear() {
      items.clear()
    }
  }
  return artifacts
}
