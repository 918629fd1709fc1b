// The Actions cache keys of `cache-mounts` archives (the build action writes them; prune recognises
// them): `buildx-mount-<scope>-<mount>-<8 hex of the mount's identity>-<16 hex of the archive's sha256>`.
import { tagSafe } from './image-ref.js'
import { sha256Hex } from './ids.js'

export const MOUNT_KEY_PREFIX = 'buildx-mount-'

/**
 * Every archive of one mount in one scope starts with this (the restore prefix). The readable part of
 * the mount's id is cut to 60 characters; the hash of its exact identity (id, uid, gid, mode) keeps
 * two mounts apart.
 */
export function mountKeyPrefix(scope: string, identity: string[]): string {
  const readable = tagSafe(identity[0].replace(/^\/+/, '')).slice(0, 60) || 'root'
  const hash = sha256Hex(JSON.stringify(identity)).slice(0, 8)
  return `${MOUNT_KEY_PREFIX}${scope.replace(/,/g, '-')}-${readable}-${hash}-`
}

/** The key an archive is saved under: its prefix and 16 hex of its sha256, so the key changes exactly
 * when the contents do. */
export const mountKey = (prefix: string, sha256hex: string): string => `${prefix}${sha256hex.slice(0, 16)}`

/** A cache-mount archive's key split into its prefix (one mount in one scope), or undefined. */
export function parseMountKey(key: string): { prefix: string } | undefined {
  const m = /^(buildx-mount-.+-[0-9a-f]{8}-)[0-9a-f]{16}$/.exec(key)
  return m ? { prefix: m[1] } : undefined
}
