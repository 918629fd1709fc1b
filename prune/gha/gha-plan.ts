// Which Actions cache entries to delete, as pure functions of the listing and a few repository facts.
//
// BuildKit's gha backend (moby/buildkit cache/remotecache/gha, through tonistiigi/go-actions-cache)
// writes two kinds of entries, all with one version, sha256("|go-actionscache-1.0"):
//   index-<scope>-1-<first 8 hex of sha256(writing ref)>#<n>   a new #n per export; readers load the
//                                                             newest entry with the prefix `…#`
//   buildkit-blob-1-sha256:<hex>                              one layer, shared by every index
// A job reads the caches of its own ref, the base branch of its pull request and the default branch, so
// an index on ref R can only reference blobs stored on those refs.
import { formatSize } from '../../lib/inputs.js'
import type { ActionsCacheEntry } from './rest.js'
import type { GhaOptions } from '../inputs.js'
import { supersededMounts } from './mounts.js'
import { sha256Hex } from '../../lib/ids.js'

export const BUILDKIT_VERSION = sha256Hex('|go-actionscache-1.0')

export type CacheEntry = ActionsCacheEntry

/** The blob digests a BuildKit index (a v1 CacheConfig: layers[].blob) references. */
export function indexDigests(json: string): string[] {
  const config = JSON.parse(json) as { layers?: { blob?: unknown }[] }
  if (!Array.isArray(config.layers)) throw new Error('not a BuildKit cache config (no layers)')
  return config.layers.map(l => String(l.blob))
}

export interface RepoFacts {
  defaultBranch: string
  /** Existing branch names (needed by deleted-branches). */
  branches?: ReadonlySet<string>
  /** Open pull requests: number → base branch (needed by closed-prs; helps BuildKit protection). */
  openPulls?: ReadonlyMap<number, string>
}

export type BuildkitKey =
  { kind: 'index'; scope: string; refHash: string; n: number } | { kind: 'blob'; digest: string }

export const refHash = (ref: string) => sha256Hex(ref).slice(0, 8)
export const blobKey = (digest: string) => `buildkit-blob-1-${digest}`

/** The BuildKit meaning of an entry, or undefined for every other cache. */
export function buildkitKey(e: Pick<CacheEntry, 'key' | 'version'>): BuildkitKey | undefined {
  if (e.version !== BUILDKIT_VERSION) return undefined
  const blob = /^buildkit-blob-1-(sha256:[0-9a-f]{64})$/.exec(e.key)
  if (blob) return { kind: 'blob', digest: blob[1] }
  const index = /^index-(.+)-1-([0-9a-f]{8})#(\d+)$/.exec(e.key)
  if (index) return { kind: 'index', scope: index[1], refHash: index[2], n: Number(index[3]) }
  return undefined
}

const pullNumber = (ref: string) => {
  const m = /^refs\/pull\/(\d+)\/(merge|head)$/.exec(ref)
  return m ? Number(m[1]) : undefined
}
const branchOf = (ref: string) => /^refs\/heads\/(.+)$/.exec(ref)?.[1]

const ago = (ms: number) => {
  const h = ms / 3600e3
  return h >= 48 ? `${Math.floor(h / 24)}d` : h >= 1 ? `${Math.floor(h)}h` : `${Math.floor(ms / 60e3)}m`
}

/** Per-entry picks of the selectors other than the size budget: id → why. */
export function selectorPicks(
  entries: CacheEntry[],
  o: GhaOptions,
  facts: RepoFacts,
  now: number
): Map<number, string> {
  const picks = new Map<number, string>()
  const defaultRef = `refs/heads/${facts.defaultBranch}`
  for (const e of entries) {
    if (!mayDelete(e, o, defaultRef)) continue
    const why: string[] = []
    const pr = pullNumber(e.ref)
    if (o.selectors.includes('closed-prs') && pr !== undefined) {
      if (!facts.openPulls) throw new Error('closed-prs needs the open pull requests')
      if (!facts.openPulls.has(pr)) why.push(`PR #${pr} closed`)
    }
    const branch = branchOf(e.ref)
    if (o.selectors.includes('deleted-branches') && branch !== undefined) {
      if (!facts.branches) throw new Error('deleted-branches needs the branch list')
      if (!facts.branches.has(branch)) why.push(`branch ${branch} deleted`)
    }
    if (
      o.selectors.includes('stale') &&
      o.olderThanMs !== undefined &&
      now - e.lastAccessedAt > o.olderThanMs
    )
      why.push(`unused for ${ago(now - e.lastAccessedAt)} (older-than ${ago(o.olderThanMs)})`)
    if (o.selectors.includes('key-prefix')) {
      const p = o.keyPrefixes.find(k => e.key.startsWith(k))
      if (p !== undefined) why.push(`key prefix '${p}'`)
    }
    if (why.length) picks.set(e.id, why.join('; '))
  }
  return picks
}

/** The default branch only with include-default-branch; only the given refs when refs is set. */
function mayDelete(e: CacheEntry, o: GhaOptions, defaultRef: string): boolean {
  if (o.refs.length && !o.refs.includes(e.ref)) return false
  return o.includeDefaultBranch || e.ref !== defaultRef
}

const indexGroup = (e: CacheEntry, k: { scope: string; refHash: string }) =>
  `${k.scope}\0${k.refHash}\0${e.ref}`

/** BuildKit indexes grouped by scope and ref: the newest of each (what readers load) and the rest. */
export function buildkitIndexes(entries: CacheEntry[]): {
  newest: CacheEntry[]
  superseded: Map<number, string>
} {
  const groups = new Map<string, { e: CacheEntry; n: number }[]>()
  for (const e of entries) {
    const k = buildkitKey(e)
    if (k?.kind !== 'index') continue
    const g = indexGroup(e, k)
    groups.set(g, [...(groups.get(g) ?? []), { e, n: k.n }])
  }
  const newest: CacheEntry[] = []
  const superseded = new Map<number, string>()
  for (const list of groups.values()) {
    // The cache service answers a prefix lookup with the most recently created entry.
    list.sort((a, b) => b.e.createdAt - a.e.createdAt || b.n - a.n)
    newest.push(list[0].e)
    for (const { e } of list.slice(1))
      superseded.set(e.id, `superseded BuildKit index (newest: #${list[0].n})`)
  }
  return { newest, superseded }
}

export interface LiveIndex {
  entry: CacheEntry
  /** Blob digests the index references; undefined when it could not be read. */
  digests?: string[]
}

/**
 * The indexes whose contents decide which blobs are referenced: the newest of each scope and ref that
 * this run does not delete. Empty when nothing would touch a BuildKit blob.
 */
export function indexesToRead(
  entries: CacheEntry[],
  o: GhaOptions,
  facts: RepoFacts,
  now: number
): CacheEntry[] {
  const blobs = entries.filter(e => buildkitKey(e)?.kind === 'blob')
  if (!blobs.length) return []
  const picks = selectorPicks(entries, o, facts, now)
  const budget = o.selectors.includes('max-total-size')
  if (!o.buildkitGc && !budget && !blobs.some(b => picks.has(b.id))) return []
  // Superseded indexes are never loaded again: they protect nothing, whether or not they are deleted.
  return buildkitIndexes(entries).newest.filter(e => !picks.has(e.id))
}

/** Which refs a job on `ref` reads caches from; undefined base = any branch could be its base. */
export function readScopes(ref: string, facts: RepoFacts): (scope: string) => boolean {
  const defaultRef = `refs/heads/${facts.defaultBranch}`
  const pr = pullNumber(ref)
  if (pr === undefined) return s => s === ref || s === defaultRef
  const base = facts.openPulls?.get(pr)
  if (base === undefined) return s => s === ref || s.startsWith('refs/heads/')
  return s => s === ref || s === defaultRef || s === `refs/heads/${base}`
}

/** Why a blob must stay (a live index may load it), or undefined. */
export function blobProtection(
  live: LiveIndex[],
  facts: RepoFacts
): (blob: CacheEntry) => string | undefined {
  const rules = live.map(l => ({
    l,
    reads: readScopes(l.entry.ref, facts),
    keys: l.digests && new Set(l.digests.map(blobKey))
  }))
  return blob => {
    for (const { l, reads, keys } of rules) {
      if (!reads(blob.ref)) continue
      if (!keys) return `may be referenced by ${l.entry.key} on ${l.entry.ref} (index not readable)`
      if (keys.has(blob.key)) return `referenced by ${l.entry.key} on ${l.entry.ref}`
    }
    return undefined
  }
}

export interface Decision {
  entry: CacheEntry
  reason: string
}

export interface GhaPlan {
  delete: Decision[]
  /** Entries a selector picked that stay, with the reason (BuildKit protection, grace period). */
  spared: Decision[]
  kept: number
  notes: string[]
}

/**
 * The deletion list: selector picks, then (buildkit-gc) superseded indexes and unreferenced blobs past
 * the grace period, then the size budget (least recently used first, other refs before the default
 * branch). A blob a live index references is never deleted, whichever rule picked it.
 */
export function planGha(
  entries: CacheEntry[],
  o: GhaOptions,
  facts: RepoFacts,
  now: number,
  live: LiveIndex[]
): GhaPlan {
  const defaultRef = `refs/heads/${facts.defaultBranch}`
  const reasons = selectorPicks(entries, o, facts, now)
  const spared: Decision[] = []
  const notes: string[] = []
  const protect = blobProtection(live, facts)
  const isBlob = (e: CacheEntry) => buildkitKey(e)?.kind === 'blob'

  if (o.buildkitGc) {
    const { superseded } = buildkitIndexes(entries)
    for (const [id, why] of supersededMounts(entries)) superseded.set(id, why)
    for (const e of entries) {
      if (o.refs.length && !o.refs.includes(e.ref)) continue
      const s = superseded.get(e.id)
      if (s && !reasons.has(e.id)) reasons.set(e.id, s)
      if (!isBlob(e) || reasons.has(e.id) || protect(e)) continue
      if (now - e.lastAccessedAt < o.gcGraceMs)
        spared.push({
          entry: e,
          reason: `unreferenced BuildKit blob used ${ago(now - e.lastAccessedAt)} ago (gc-grace ${ago(o.gcGraceMs)})`
        })
      else reasons.set(e.id, 'BuildKit blob no live index references')
    }
  }
  for (const e of entries) {
    const why = reasons.has(e.id) && isBlob(e) ? protect(e) : undefined
    if (why) {
      reasons.delete(e.id)
      spared.push({ entry: e, reason: why })
    }
  }

  if (o.selectors.includes('max-total-size') && o.maxTotalSize !== undefined) {
    const budget = o.maxTotalSize
    let total = entries.filter(e => !reasons.has(e.id)).reduce((n, e) => n + e.size, 0)
    const candidates = entries
      .filter(e => !reasons.has(e.id) && mayDelete(e, o, defaultRef) && !(isBlob(e) && protect(e)))
      .sort(
        (a, b) =>
          Number(a.ref === defaultRef) - Number(b.ref === defaultRef) ||
          a.lastAccessedAt - b.lastAccessedAt ||
          a.id - b.id
      )
    for (const e of candidates) {
      if (total <= budget) break
      reasons.set(e.id, `least recently used, over max-total-size ${formatSize(budget)}`)
      total -= e.size
    }
    if (total > budget)
      notes.push(
        `${formatSize(total)} stays, over max-total-size ${formatSize(budget)}: the rest is ${
          o.includeDefaultBranch ? '' : 'on the default branch or '
        }referenced by live BuildKit indexes${o.refs.length ? ' or outside refs' : ''}`
      )
  }

  const unreadable = live.filter(l => !l.digests)
  if (unreadable.length && (o.buildkitGc || spared.length))
    notes.push(
      `${unreadable.length} live BuildKit index(es) could not be read (${[...new Set(unreadable.map(l => l.entry.ref))].join(', ')}): every blob they might reference is kept`
    )
  const del = entries.filter(e => reasons.has(e.id)).map(e => ({ entry: e, reason: reasons.get(e.id)! }))
  return { delete: del, spared, kept: entries.length - del.length, notes }
}
