// Which manifests of a registry repository to delete, as pure functions of what the registry serves.
//
// Deleting a manifest deletes every tag pointing at it, and an index is only whole while each manifest
// it lists exists: so a manifest is deleted only when no kept tag reaches it, directly or through an
// index (multi-arch images and their attestation manifests stay whole), and an index goes before the
// platform and attestation manifests only it listed.
import { isIndexType, MANIFEST_TYPES } from '../lib/registry.js'
import type { RegistryOptions } from './inputs.js'

export const CACHE_CONFIG = 'application/vnd.buildkit.cacheconfig.v0'
const IMAGE_CONFIGS = [
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json'
]

export type ManifestKind = 'cache' | 'index' | 'image' | 'attestation'

export interface ManifestNode {
  digest: string
  kind: ManifestKind
  /** Manifests an index lists. */
  children: string[]
  /** Config and layers (for a cache: the cache config and its layers). */
  blobs: { digest: string; size: number }[]
  /** ms since epoch: an image's config `created`, a cache's newest layer, an index's newest child. */
  createdAt?: number
  /** An image config to read for `created` (undefined when the manifest itself tells the age). */
  config?: string
  /** The manifest's own bytes (the registry stores it as a blob too). */
  size?: number
}

interface Descriptor {
  mediaType?: string
  digest?: string
  size?: number
  annotations?: Record<string, string>
}

const descriptors = (v: unknown): Descriptor[] => (Array.isArray(v) ? (v as Descriptor[]) : [])
const blobsOf = (ds: Descriptor[]) => ds.map(d => ({ digest: String(d.digest), size: Number(d.size ?? 0) }))
const newest = (times: (number | undefined)[]) => {
  const known = times.filter((t): t is number => t !== undefined && !Number.isNaN(t))
  return known.length ? Math.max(...known) : undefined
}

/** What a manifest is, from its JSON (BuildKit caches in either of their two formats). */
export function classify(digest: string, mediaType: string, body: Record<string, unknown>): ManifestNode {
  if (isIndexType(mediaType) || Array.isArray(body.manifests)) {
    const ds = descriptors(body.manifests)
    if (ds.some(d => d.mediaType === CACHE_CONFIG)) {
      // BuildKit's index-shaped cache (image-manifest=false): layers and the cache config as "manifests".
      return { digest, kind: 'cache', children: [], blobs: blobsOf(ds), createdAt: layerTime(ds) }
    }
    return {
      digest,
      kind: 'index',
      children: ds.filter(d => MANIFEST_TYPES.includes(String(d.mediaType))).map(d => String(d.digest)),
      blobs: [],
      createdAt: newest([
        Date.parse((body.annotations as Record<string, string>)?.['org.opencontainers.image.created'])
      ])
    }
  }
  const config = (body.config ?? {}) as Descriptor
  const layers = descriptors(body.layers)
  const blobs = blobsOf([config, ...layers])
  if (config.mediaType === CACHE_CONFIG)
    return { digest, kind: 'cache', children: [], blobs, createdAt: layerTime(layers) }
  return {
    digest,
    kind: 'image',
    children: [],
    blobs,
    config: IMAGE_CONFIGS.includes(String(config.mediaType)) ? String(config.digest) : undefined
  }
}

const layerTime = (ds: Descriptor[]) =>
  newest(ds.map(d => Date.parse(d.annotations?.['buildkit/createdat'] ?? '')))

/** An index's children that are attestations (BuildKit marks them with vnd.docker.reference.type). */
export function attestationChildren(body: Record<string, unknown>): string[] {
  return descriptors(body.manifests)
    .filter(d => d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
    .map(d => String(d.digest))
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

/** An index without its own creation time is as old as its newest platform manifest. */
export function indexAges(manifests: Map<string, ManifestNode>): void {
  for (const node of manifests.values())
    if (node.kind === 'index' && node.createdAt === undefined)
      node.createdAt = newest(node.children.map(c => manifests.get(c)?.createdAt))
}

export interface RepoView {
  /** tag → manifest digest */
  tags: Map<string, string>
  manifests: Map<string, ManifestNode>
}

export interface ManifestDeletion {
  digest: string
  kind: ManifestKind
  tags: string[]
  reason: string
  /** The manifest and the blobs only deleted manifests referenced (what garbage collection reclaims). */
  bytes: number
}

export interface RegistryPlan {
  delete: ManifestDeletion[]
  spared: { what: string; reason: string }[]
  kept: number
}

const ago = (ms: number) => (ms >= 172800e3 ? `${Math.floor(ms / 86400e3)}d` : `${Math.floor(ms / 3600e3)}h`)

export function planRegistry(view: RepoView, o: RegistryOptions, now: number): RegistryPlan {
  const keepPattern = tagMatcher(o.keepTags)
  const keptTags = new Map<string, string>()
  const candidates: string[] = []
  for (const [tag, digest] of view.tags) {
    const node = view.manifests.get(digest)
    const age = node?.createdAt !== undefined ? now - node.createdAt : undefined
    const p = keepPattern(tag)
    if (p !== undefined) keptTags.set(tag, `keep-tags '${p}'`)
    else if (o.olderThanMs !== undefined && age === undefined) keptTags.set(tag, 'age unknown')
    else if (o.olderThanMs !== undefined && age! <= o.olderThanMs) keptTags.set(tag, 'newer than older-than')
    else candidates.push(tag)
  }

  // Everything a kept tag reaches, and which tag reaches it.
  const protectedBy = new Map<string, string>()
  const reach = (digest: string, tag: string) => {
    if (protectedBy.has(digest)) return
    protectedBy.set(digest, tag)
    for (const c of view.manifests.get(digest)?.children ?? []) reach(c, tag)
  }
  for (const tag of keptTags.keys()) reach(view.tags.get(tag)!, tag)

  const spared: RegistryPlan['spared'] = []
  const deleting = new Map<string, ManifestDeletion>()
  const order: string[] = []
  const tagsOf = (digest: string) => candidates.filter(t => view.tags.get(t) === digest)
  for (const tag of candidates) {
    const digest = view.tags.get(tag)!
    if (deleting.has(digest)) continue
    const by = protectedBy.get(digest)
    if (by !== undefined) {
      spared.push({ what: `${tag} (${digest.slice(0, 19)})`, reason: `also reached by kept tag ${by}` })
      continue
    }
    const node = view.manifests.get(digest)
    const tags = tagsOf(digest)
    const age = node?.createdAt !== undefined ? `, ${ago(now - node.createdAt)} old` : ''
    const why =
      o.olderThanMs !== undefined
        ? `stale ${node?.kind ?? 'manifest'}${age}`
        : `${node?.kind ?? 'manifest'} not in keep-tags`
    deleting.set(digest, { digest, kind: node?.kind ?? 'image', tags, reason: why, bytes: 0 })
    order.push(digest)
    // Its platform and attestation manifests, unless a kept tag reaches them too.
    const walk = (d: string) => {
      for (const c of view.manifests.get(d)?.children ?? []) {
        if (protectedBy.has(c) || deleting.has(c)) continue
        const child = view.manifests.get(c)
        deleting.set(c, {
          digest: c,
          kind: child?.kind ?? 'image',
          tags: [],
          reason: `listed only by deleted ${tags.join(', ')}`,
          bytes: 0
        })
        order.push(c)
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
  const known = new Set([...view.tags.values(), ...protectedBy.keys(), ...view.manifests.keys()])
  return { delete: order.map(d => deleting.get(d)!), spared, kept: known.size - order.length }
}

export const describeDeletion = (repo: string, d: ManifestDeletion) =>
  `${repo}${d.tags.length ? `:${d.tags.join(',')}` : ''}@${d.digest.slice(0, 19)} (${d.kind})`
