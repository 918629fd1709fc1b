// Which manifests of a registry repository to delete, as a pure function of what the registry serves.
//
// Only what is positively identified goes: BuildKit cache (manifests.ts), and images when the user
// asked for images; anything else stays. Deleting a manifest deletes every tag pointing at it, and an
// index is only whole while each manifest it lists exists: so a manifest is deleted only when nothing
// kept reaches it, directly or through an index (multi-arch images and their attestation manifests stay
// whole), and an index goes before the platform and attestation manifests only it listed.
import { kindOf, type ManifestKind, type ManifestNode } from './manifests.js'

export interface PlanOptions {
  keepTags: string[]
  olderThanMs?: number
  /** Delete images (tags not kept, stale ones under older-than) besides cache. */
  images: boolean
}

/** A `keep-tags` pattern: `*` any run of characters, `?` one; the whole tag must match. */
export function tagMatcher(patterns: string[]): (tag: string) => string | undefined {
  const res = patterns.map(p => ({
    p,
    re: new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`
    )
  }))
  return tag => res.find(r => r.re.test(tag))?.p
}

export interface RepoView {
  /** tag → manifest digest */
  tags: Map<string, string>
  manifests: Map<string, ManifestNode>
  /**
   * Manifests without a tag, where the registry lists them (GHCR's package versions). Those no index
   * lists are judged like tags; those an index lists follow the index.
   */
  untagged?: string[]
}

export interface ManifestDeletion {
  digest: string
  kind: ManifestKind
  tags: string[]
  reason: string
  /** The manifest and the blobs only deleted manifests referenced (what garbage collection reclaims). */
  bytes: number
  /** An image (index, platform or attestation manifest) rather than cache. */
  image: boolean
}

export interface RegistryPlan {
  delete: ManifestDeletion[]
  spared: { what: string; reason: string }[]
  /** Images kept only because images were not asked for (listed apart from the cache). */
  images: string[]
  kept: number
}

const ago = (ms: number) => (ms >= 172800e3 ? `${Math.floor(ms / 86400e3)}d` : `${Math.floor(ms / 3600e3)}h`)
const short = (digest: string) => digest.slice(0, 19)
const IMAGE_KINDS: (ManifestKind | undefined)[] = ['image', 'index', 'attestation']
const NOT_IMAGES = 'image (registry-images is false)'
const UNREADABLE = 'untagged, and a manifest could not be read (what lists it is unknown)'
/** `tag1,tag2@sha256:…` or, untagged, `@sha256:…`. */
const name = (tags: string[], digest: string) => `${tags.join(',')}@${short(digest)}`

export function planRegistry(view: RepoView, o: PlanOptions, now: number): RegistryPlan {
  const keepPattern = tagMatcher(o.keepTags)
  const kind = (d: string) => kindOf(view.manifests, d)
  const listed = new Set([...view.manifests.values()].flatMap(n => n.children))
  // Roots: tagged manifests, and untagged ones no index lists.
  const roots = new Map<string, string[]>()
  for (const [tag, digest] of view.tags) roots.set(digest, [...(roots.get(digest) ?? []), tag])
  const untagged = (view.untagged ?? []).filter(d => !roots.has(d) && !listed.has(d))
  // A manifest that could not be read may be an index: the untagged manifests it lists are unknown.
  const unreadable = (view.untagged ?? []).filter(d => !view.manifests.has(d))
  for (const d of untagged) roots.set(d, [])

  /** Why a root stays, or undefined when it goes. */
  const keep = (digest: string, tags: string[]): string | undefined => {
    for (const t of tags) {
      const p = keepPattern(t)
      if (p !== undefined) return `keep-tags '${p}'`
    }
    if (!tags.length && unreadable.length) return UNREADABLE
    const k = kind(digest)
    if (k === undefined) return 'could not be read'
    if (k !== 'cache' && !IMAGE_KINDS.includes(k)) return 'neither BuildKit cache nor an image'
    if (k !== 'cache' && !o.images) return NOT_IMAGES
    const created = view.manifests.get(digest)?.createdAt
    if (o.olderThanMs !== undefined && created === undefined) return 'age unknown'
    if (o.olderThanMs !== undefined && now - created! <= o.olderThanMs) return 'newer than older-than'
    return undefined
  }
  const kept = new Map<string, string>()
  const going: string[] = []
  for (const [digest, tags] of roots) {
    const why = keep(digest, tags)
    if (why === undefined) going.push(digest)
    else kept.set(digest, why)
  }

  // Everything a kept manifest reaches, and which one reaches it.
  const protectedBy = new Map<string, string>()
  const reach = (digest: string, by: string) => {
    if (protectedBy.has(digest)) return
    protectedBy.set(digest, by)
    for (const c of view.manifests.get(digest)?.children ?? []) reach(c, by)
  }
  for (const digest of kept.keys()) reach(digest, name(roots.get(digest)!, digest))

  const spared: RegistryPlan['spared'] = []
  const images: string[] = []
  for (const [digest, why] of kept) {
    const tags = roots.get(digest)!
    if (why === NOT_IMAGES) images.push(name(tags, digest))
    // A tag that would go, kept because a kept tag names the same manifest.
    const others = tags.filter(t => keepPattern(t) === undefined)
    if (why.startsWith('keep-tags') && others.length)
      spared.push({ what: name(others, digest), reason: `same manifest as a tag in ${why}` })
  }
  const unknown = untagged.filter(d => kept.get(d) === UNREADABLE)
  if (unknown.length) spared.push({ what: `${unknown.length} untagged manifest(s)`, reason: UNREADABLE })
  const deleting = new Map<string, ManifestDeletion>()
  const order: string[] = []
  const add = (digest: string, tags: string[], reason: string) => {
    const k = kind(digest) ?? 'image'
    deleting.set(digest, { digest, kind: k, tags, reason, bytes: 0, image: k !== 'cache' })
    order.push(digest)
  }
  for (const digest of going) {
    const tags = roots.get(digest)!
    const by = protectedBy.get(digest)
    if (by !== undefined) {
      spared.push({ what: name(tags, digest), reason: `also reached by kept ${by}` })
      continue
    }
    const node = view.manifests.get(digest)
    const age = node?.createdAt !== undefined ? `, ${ago(now - node.createdAt)} old` : ''
    const what = `${tags.length ? '' : 'untagged '}${kind(digest)}`
    add(digest, tags, o.olderThanMs !== undefined ? `stale ${what}${age}` : `${what} not in keep-tags`)
    // Its platform and attestation manifests, unless something kept reaches them too.
    const walk = (d: string) => {
      for (const c of view.manifests.get(d)?.children ?? []) {
        if (protectedBy.has(c) || deleting.has(c)) continue
        add(c, [], `listed only by deleted ${name(tags, digest)}`)
        walk(c)
      }
    }
    walk(digest)
  }

  // Bytes: blobs no kept manifest references, each counted once.
  const keptBlobs = new Set<string>()
  for (const d of protectedBy.keys())
    for (const b of view.manifests.get(d)?.blobs ?? []) keptBlobs.add(b.digest)
  const counted = new Set<string>()
  for (const d of order) {
    const x = deleting.get(d)!
    x.bytes += view.manifests.get(d)?.size ?? 0
    for (const b of view.manifests.get(d)?.blobs ?? []) {
      if (keptBlobs.has(b.digest) || counted.has(b.digest)) continue
      counted.add(b.digest)
      x.bytes += b.size
    }
  }
  const known = new Set([...roots.keys(), ...protectedBy.keys(), ...view.manifests.keys()])
  return { delete: order.map(d => deleting.get(d)!), spared, images, kept: known.size - order.length }
}

export const describeDeletion = (repo: string, d: ManifestDeletion) =>
  `${repo}${d.tags.length ? `:${d.tags.join(',')}` : ''}@${short(d.digest)} (${d.kind})`

/** Images are listed apart from the cache: kept (a note), or deleted (a table of their own). */
export const imagesKept = (ref: string, images: string[]) =>
  `${ref}: ${images.length} images kept (registry-images is false): ${images.slice(0, 20).join(' ')}${images.length > 20 ? ' …' : ''}`
export const imageGroup = (d: { image: boolean }) => (d.image ? { group: 'images' } : {})
