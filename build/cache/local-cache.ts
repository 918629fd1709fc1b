// `cache: local`: a BuildKit local cache directory kept in the Actions cache. The directory is
// restored, moved aside and read from; the build exports to a fresh directory at the same path
// (never into the old one, which would keep every old blob), and that is saved under a key with a
// hash of the new cache's index.json, so the key changes exactly when the content does. Restore and
// save failures are warnings: a cold cache never fails a build.
//
// The directory is RUNNER_TEMP/buildx-cache/<scope as one safe name>, checked to stay inside it. The step
// removes only what it created: the scope's directory, once saved (or the build failed); one left by an
// earlier step is not touched, and the build goes without the local cache.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { makeDirIn, moveInto, sharedDir } from '../../lib/files.js'
import type { Logger } from '../../lib/runtime.js'
import type { ActionsCache } from '../model.js'
import { contentKey, keyPrefix, scopeDir } from './local-cache-plan.js'

export interface LocalCacheOptions {
  /** The scope (as for gha): image + platform (+ target), or cache-scope. */
  scope: string
  /** Where the scope reads from besides its own (a pull_request_target run's base scope). */
  readScopes?: string[]
  /** RUNNER_TEMP: the same path in every run of the workflow, as the cache version includes it. */
  tempDir: string
  write: boolean
  api: ActionsCache
  log: Logger
}

export interface LocalCache {
  /** The restored cache (moved aside), when there was one. */
  src?: string
  /** The fresh directory the build exports to (the path saved in the Actions cache). */
  dest: string
  restoredKey?: string
  /** Saves the exported cache, then removes the directory; resolves to the key saved under, or
   * undefined. Never throws. */
  save(): Promise<string | undefined>
  /** Removes the directory without saving (the build failed). */
  dispose(): void
}

/** The restored cache and a fresh directory to export to; undefined (no local cache for this build)
 * when the scope's directory exists already: an earlier step's, which this one neither uses nor
 * removes. */
export async function restoreLocalCache(o: LocalCacheOptions): Promise<LocalCache | undefined> {
  const base = scopeDir(o.tempDir, o.scope)
  const dest = join(base, 'cache')
  try {
    makeDirIn(sharedDir(dirname(base)), basename(base))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    o.log.warning(
      `cache: local: ${base} exists (left by an earlier step of this job); building without the local cache`
    )
    return undefined
  }
  const dispose = () => rmSync(base, { recursive: true, force: true })
  const prefixes = [o.scope, ...(o.readScopes ?? [])].map(keyPrefix)

  let restoredKey: string | undefined
  if (!o.api.isFeatureAvailable()) {
    o.log.warning(
      'cache: local: the Actions cache service is not available to this step; building with a cold cache'
    )
  } else {
    try {
      restoredKey = await o.api.restoreCache([dest], prefixes[0], prefixes)
    } catch (e) {
      o.log.warning(
        `cache: local: restoring the cache failed (${(e as Error).message}); building with a cold cache`
      )
    }
  }
  let src: string | undefined
  if (restoredKey && existsSync(join(dest, 'index.json'))) {
    src = moveInto(dest, base, 'previous')
    o.log.info(`cache: local: restored ${restoredKey}`)
  } else {
    if (restoredKey)
      o.log.warning(`cache: local: ${restoredKey} holds no BuildKit cache (no index.json); ignored`)
    rmSync(dest, { recursive: true, force: true })
    restoredKey = undefined
    if (o.api.isFeatureAvailable()) o.log.info(`cache: local: no cache for ${prefixes[0]}*`)
  }

  const save = async (): Promise<string | undefined> => {
    try {
      if (!o.write) return undefined
      const index = join(dest, 'index.json')
      if (!existsSync(index)) {
        o.log.warning('cache: local: the build exported no cache (no index.json); nothing saved')
        return undefined
      }
      const key = contentKey(o.scope, readFileSync(index))
      if (key === restoredKey) {
        o.log.info(`cache: local: unchanged (${key}), not saved again`)
        return key
      }
      if (!o.api.isFeatureAvailable()) return undefined
      const id = await o.api.saveCache([dest], key)
      if (id === -1) {
        // @actions/cache has said why: the key exists (same content saved by another run) or a warning.
        o.log.info(`cache: local: ${key} not saved (see above)`)
        return undefined
      }
      o.log.info(`cache: local: saved ${key}`)
      return key
    } catch (e) {
      o.log.warning(
        `cache: local: saving the cache failed (${(e as Error).message}); the image is not affected`
      )
      return undefined
    } finally {
      // Saved (or not to be): the directory this step created goes, so the disk stays bounded.
      dispose()
    }
  }
  return { src, dest, restoredKey, save, dispose }
}
