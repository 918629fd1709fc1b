// The `cache` input turned into --cache-from / --cache-to entries. Pure: the caller
// passes the event, tags and directories; the plan says exactly what buildx gets and why (notes).
import { imageRepository, isHostComponent, scopeSafe, tagSafe } from '../../lib/image-ref.js'
import { cacheLocation, dedupe, formatCacheEntry } from './entries.js'
import { autoCacheAttrs } from './registries.js'
import { parseArch } from '../../lib/arch.js'
import type { CacheEntry } from '../model.js'
import type { CacheMode } from '../model.js'

export interface CacheEvent {
  name: string
  prNumber?: number
  baseRef?: string
  ref?: string
}

export interface CachePlanOptions {
  mode: CacheMode
  tags: string[]
  cacheRef?: string
  cacheScope?: string
  /** One matrix leg's platform slug, e.g. `linux-arm64-v8`; undefined for a multi-platform build. */
  platformSlug?: string
  target?: string
  userFrom: CacheEntry[]
  userTo: CacheEntry[]
  /** The cache-write input: false reads caches but exports none. */
  write: boolean
  event: CacheEvent
  /** For `local`: the directory restored from the Actions cache (if any) and a fresh one to write. */
  localDir?: { src?: string; dest: string }
  ghaService?: 'v1' | 'v2'
}

export interface CachePlan {
  from: CacheEntry[]
  to: CacheEntry[]
  buildArgs: Record<string, string>
  notes: string[]
}

const entry = (type: CacheEntry['type'], attrs: Record<string, string> = {}): CacheEntry => ({ type, attrs })

export function planCache(o: CachePlanOptions): CachePlan {
  const notes: string[] = []
  const buildArgs: Record<string, string> = {}
  const pr = pullRequest(o.event)
  let from: CacheEntry[] = []
  let to: CacheEntry[] = []
  switch (o.mode) {
    case 'none':
      break
    case 'inline': {
      // The image itself carries the cache; cache-ref names another image to read it from.
      const image = o.cacheRef ?? o.tags[0]
      if (!image) throw new Error("planCache: 'inline' needs tags or cache-ref (inputs/combinations.ts)")
      from = [entry('registry', { ref: image })]
      to = [entry('inline')]
      buildArgs.BUILDKIT_INLINE_CACHE = '1'
      notes.push(`cache: inline, read from ${image}`)
      break
    }
    case 'min':
    case 'max':
    case 'registry': {
      const mode = o.mode === 'min' ? 'min' : 'max'
      const ref = registryCacheRef(o)
      if (pr) {
        const own = `${ref}-pr-${pr}`
        from = [entry('registry', { ref: own }), entry('registry', { ref })]
        to = [entry('registry', { ref: own, mode })]
        const base = o.event.baseRef ? ` (the ${o.event.baseRef} branch's cache)` : ''
        notes.push(
          `cache: registry, pull request #${pr} reads ${own} and ${ref}${base}, writes ${own} (mode=${mode})`
        )
      } else {
        from = [entry('registry', { ref })]
        to = [entry('registry', { ref, mode })]
        notes.push(`cache: registry ${ref} (mode=${mode})`)
      }
      break
    }
    case 'gha': {
      const scope = ghaScope(o)
      // A pull_request run writes to refs/pull/N/merge and reads its own, its base branch's and the
      // default branch's caches, so one scope serves all. pull_request_target runs with the base
      // branch's ref: writing the plain scope there would let PR code replace the base branch's cache.
      const own = pr && o.event.name === 'pull_request_target' ? `${scope}-pr-${pr}` : scope
      from = dedupe([entry('gha', { scope: own }), entry('gha', { scope })])
      to = [entry('gha', { scope: own, mode: 'max' })]
      notes.push(`cache: gha scope ${own}${own !== scope ? ` (reads ${scope} too)` : ''}`)
      // url/token are left to buildx, which reads them from the runner's env: on the command line
      // they would be visible in logs and process lists.
      if (o.ghaService === 'v2')
        notes.push('cache: GitHub cache service v2 (needs buildx >= 0.21, BuildKit >= 0.20)')
      if (o.ghaService === 'v1') notes.push('cache: GitHub cache service v1 (legacy)')
      break
    }
    case 'local': {
      const dir = o.localDir
      if (!dir) throw new Error("planCache: mode 'local' needs localDir")
      // Writing into the directory we read from would keep every old blob: always a fresh one.
      if (dir.src !== undefined && dir.src === dir.dest)
        throw new Error('planCache: local cache src and dest must differ')
      if (dir.src !== undefined) from = [entry('local', { src: dir.src })]
      to = [entry('local', { dest: dir.dest, mode: 'max' })]
      notes.push(`cache: local ${dir.src !== undefined ? `from ${dir.src}, ` : ''}to ${dir.dest}`)
      break
    }
  }

  from = dedupe([...from, ...o.userFrom])
  // The user's cache-to wins over the mode's entry for the same location.
  to = dedupe([...to.filter(e => !o.userTo.some(u => cacheLocation(u) === cacheLocation(e))), ...o.userTo])
  if (!o.write) {
    if (to.length > 0) notes.push(`cache-write is false: not exporting ${to.map(formatCacheEntry).join(' ')}`)
    return { from, to: [], buildArgs: {}, notes }
  }
  return { from, to: to.map(exportDefaults), buildArgs, notes }
}

/** A failed export warns instead of failing the build; registries get the attributes they need. */
function exportDefaults(e: CacheEntry): CacheEntry {
  if (e.type === 'inline') return e
  const withAttrs = autoCacheAttrs(e)
  return withAttrs.attrs['ignore-error'] !== undefined
    ? withAttrs
    : { type: e.type, attrs: { ...withAttrs.attrs, 'ignore-error': 'true' } }
}

function pullRequest(event: CacheEvent): number | undefined {
  const isPr = event.name === 'pull_request' || event.name === 'pull_request_target'
  return isPr && event.prNumber !== undefined ? event.prNumber : undefined
}

// Tag and scope suffixes must stay valid tag characters ([A-Za-z0-9_.-]).
const suffix = (...parts: (string | undefined)[]) =>
  parts
    .filter(p => p)
    .map(p => `-${tagSafe(p!)}`)
    .join('')

/**
 * `<repository of the first tag>:buildcache[-<slug>][-<target>]`. A cache-ref without a tag is that
 * repository with the same derived tag; a cache-ref with a tag is used as given, plus the leg's
 * platform slug so matrix legs never overwrite each other (the target is the user's to encode). The
 * inputs were checked (inputs/combinations.ts): a tag or a cache-ref, and a cache-ref without a digest.
 */
export function registryCacheRef(
  o: Pick<CachePlanOptions, 'mode' | 'tags' | 'cacheRef' | 'platformSlug' | 'target'>
): string {
  if (o.cacheRef !== undefined) {
    const repo = imageRepository(o.cacheRef)
    if (repo !== o.cacheRef) return `${o.cacheRef}${suffix(o.platformSlug)}`
    return `${repo}:buildcache${suffix(o.platformSlug, o.target)}`
  }
  if (o.tags.length === 0)
    throw new Error(`registryCacheRef: '${o.mode}' needs tags or cache-ref (inputs/combinations.ts)`)
  return `${imageRepository(o.tags[0])}:buildcache${suffix(o.platformSlug, o.target)}`
}

/**
 * The image's path without registry host (`ghcr.io/acme/app:1` → `acme/app`; BuildKit's own default
 * `buildkit` without tags) plus the leg's slug and target; cache-scope is used as given plus the slug.
 */
export function ghaScope(
  o: Pick<CachePlanOptions, 'tags' | 'cacheScope' | 'platformSlug' | 'target'>
): string {
  if (o.cacheScope !== undefined) return `${o.cacheScope}${suffix(o.platformSlug)}`
  const repo = o.tags.length > 0 ? imageRepository(o.tags[0]) : 'buildkit'
  const parts = repo.split('/')
  const hasHost = parts.length > 1 && isHostComponent(parts[0])
  const path = scopeSafe((hasHost ? parts.slice(1) : parts).join('/'))
  return `${path}${suffix(o.platformSlug, o.target)}`
}

/**
 * A build for exactly one platform is one matrix leg: its cache refs and scopes get the platform's
 * slug (`linux-arm64-v8`), so legs never overwrite each other's cache. A multi-platform build
 * writes one cache for all its platforms, so it gets none.
 */
export function platformSlug(platforms: string[]): string | undefined {
  if (platforms.length !== 1) return undefined
  try {
    return parseArch(platforms[0], 'platforms').slug
  } catch {
    // A platform the arch table does not know (buildx may): its own spelling, made tag-safe.
    return tagSafe(platforms[0].trim())
  }
}
