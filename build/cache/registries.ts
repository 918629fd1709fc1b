// What some registries need of a cache that BuildKit does not do by itself: their hosts, and the
// attributes the cache plan adds for them (the export warnings name the same hosts). Pure.
import { registryHost } from '../../lib/image-ref.js'
import type { CacheEntry } from '../model.js'

export const isEcrHost = (host: string) =>
  /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(host)
export const isGcrHost = (host: string) => host === 'gcr.io' || host.endsWith('.gcr.io')

/**
 * Attributes a registry needs that BuildKit does not default to: ECR only takes cache as an OCI
 * image manifest (BuildKit < 0.21 writes an index by default), so an ECR cache-to gets
 * `oci-mediatypes=true,image-manifest=true` unless the user set them; an explicit
 * `oci-mediatypes=false` is respected (image-manifest needs it, so it is not added then).
 * Applies to cache-to entries; other registries and types are returned as they are.
 */
export function autoCacheAttrs(entry: CacheEntry): CacheEntry {
  if (entry.type !== 'registry' || !entry.attrs.ref || !isEcrHost(registryHost(entry.attrs.ref))) return entry
  const attrs = { ...entry.attrs }
  attrs['oci-mediatypes'] ??= 'true'
  if (attrs['oci-mediatypes'] === 'true') attrs['image-manifest'] ??= 'true'
  return { type: entry.type, attrs }
}
