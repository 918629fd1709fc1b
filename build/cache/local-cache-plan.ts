// `cache: local`, the names: the Actions cache keys of a scope and its directory under RUNNER_TEMP.
// Pure; local-cache.ts restores and saves.
import { resolve, sep } from 'node:path'
import { UserError } from '../../lib/errors.js'
import { scopeSafe } from '../../lib/image-ref.js'
import { sha256Hex } from '../../lib/ids.js'

const KEY_PREFIX = 'buildx-local-'

/** `buildx-local-<scope>-`: every key of the scope starts with it (the restore prefix). */
export const keyPrefix = (scope: string) => `${KEY_PREFIX}${scopeSafe(scope)}-`

/** The key for an exported cache: the prefix and the first 16 hex digits of index.json's sha256. */
export function contentKey(scope: string, indexJson: Buffer | string): string {
  return `${keyPrefix(scope)}${sha256Hex(indexJson).slice(0, 16)}`
}

/** The scope's directory under RUNNER_TEMP/buildx-cache: one name, never `.` or `..`, never outside. */
export function scopeDir(tempDir: string, scope: string): string {
  const root = resolve(tempDir, 'buildx-cache')
  const name = scopeSafe(scope).replace(/\//g, '_')
  const dir = resolve(root, name)
  if (/^\.*$/.test(name) || !dir.startsWith(`${root}${sep}`) || dir.slice(root.length + 1).includes(sep))
    throw new UserError(`cache: local: the scope '${scope}' is not a directory name (use cache-scope)`)
  return dir
}
