// The build action's cache-mount archives (`buildx-mount-…`, lib/cache-mount-key.ts) in the Actions
// cache: a build restores the newest archive of its mount's prefix visible to its ref, so on each ref
// only the newest of a prefix is ever read again; the older ones are dead weight for buildkit-gc.
import { parseMountKey } from '../../lib/cache-mount-key.js'
import type { ActionsCacheEntry } from './rest.js'

/** Superseded cache-mount archives: id → why (the newest of the same mount and ref is named). */
export function supersededMounts(entries: ActionsCacheEntry[]): Map<number, string> {
  const groups = new Map<string, ActionsCacheEntry[]>()
  for (const e of entries) {
    const k = parseMountKey(e.key)
    if (!k) continue
    const g = `${k.prefix}\0${e.ref}`
    groups.set(g, [...(groups.get(g) ?? []), e])
  }
  const superseded = new Map<number, string>()
  for (const list of groups.values()) {
    // The cache service answers a prefix lookup with the most recently created entry.
    list.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    for (const e of list.slice(1))
      superseded.set(e.id, `superseded cache-mount archive (newest: ${list[0].key})`)
  }
  return superseded
}
