// What a manifest is, from its JSON: BuildKit cache (in either of its two formats), an image, an index
// of images, an attestation, or something else (an OCI artifact, a Helm chart). Prune deletes only what
// this positively identifies.
import { isIndexType, MANIFEST_TYPES } from '../lib/registry.js'

export const CACHE_CONFIG = 'application/vnd.buildkit.cacheconfig.v0'
const IMAGE_CONFIGS = [
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json'
]

/** `other`: a manifest whose config is neither an image's nor a cache's; never deleted. */
export type ManifestKind = 'cache' | 'index' | 'image' | 'attestation' | 'other'

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
  if (!IMAGE_CONFIGS.includes(String(config.mediaType))) return { digest, kind: 'other', children: [], blobs }
  return { digest, kind: 'image', children: [], blobs, config: String(config.digest) }
}

const layerTime = (ds: Descriptor[]) =>
  newest(ds.map(d => Date.parse(d.annotations?.['buildkit/createdat'] ?? '')))

/** An index's children that are attestations (BuildKit marks them with vnd.docker.reference.type). */
export function attestationChildren(body: Record<string, unknown>): string[] {
  return descriptors(body.manifests)
    .filter(d => d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
    .map(d => String(d.digest))
}

/** An index without its own creation time is as old as its newest platform manifest. */
export function indexAges(manifests: Map<string, ManifestNode>): void {
  for (const node of manifests.values())
    if (node.kind === 'index' && node.createdAt === undefined)
      node.createdAt = newest(node.children.map(c => manifests.get(c)?.createdAt))
}

/**
 * What prune treats a manifest as: an index all of whose manifests are BuildKit cache is cache too;
 * undefined when the manifest could not be read.
 */
export function kindOf(manifests: Map<string, ManifestNode>, digest: string): ManifestKind | undefined {
  const node = manifests.get(digest)
  if (node?.kind !== 'index' || !node.children.length) return node?.kind
  return node.children.every(c => manifests.get(c)?.kind === 'cache') ? 'cache' : 'index'
}
