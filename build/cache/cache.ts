// The build's cache: the `cache` mode and the user's cache-from/cache-to turned into buildx entries
// (cache-plan.ts), with what the runtime has to do first: check the gha service and the versions
// that speak it, restore a local cache directory.
import { ghaScope, planCache, platformSlug, type CacheEvent, type CachePlan } from './cache-plan.js'
import { checkGhaV2, ghaService, ghaUnavailable, type BuilderVersions } from './gha.js'
import { restoreLocalCache, type LocalCache } from './local-cache.js'
import type { Logger } from '../../lib/runtime.js'
import type { ActionsCache, BuildInputs } from '../model.js'

export interface CacheDeps {
  env: Record<string, string | undefined>
  event: CacheEvent
  /** RUNNER_TEMP: where a local cache directory lives. */
  tempDir: string
  /** Read only when a gha entry meets cache service v2. */
  versions: () => Promise<BuilderVersions>
  /** Loaded only for cache: local. */
  cacheApi: () => Promise<ActionsCache>
  log: Logger
}

export interface PreparedCache {
  plan: CachePlan
  local?: LocalCache
}

export async function prepareCache(i: BuildInputs, d: CacheDeps): Promise<PreparedCache> {
  const where = {
    tags: i.tags,
    cacheRef: i.cacheRef || undefined,
    cacheScope: i.cacheScope || undefined,
    platformSlug: platformSlug(i.platforms),
    target: i.target || undefined
  }
  let mode = i.cache
  if (mode === 'gha') {
    const unavailable = ghaUnavailable(d.env)
    if (unavailable) {
      d.log.warning(unavailable)
      mode = 'none'
    }
  }
  let local: LocalCache | undefined
  if (mode === 'local') {
    const scope = ghaScope(where)
    // As for gha: a pull_request_target run has the base branch's cache rights, so PR code writes
    // its own scope and only reads the base one.
    const pr = d.event.name === 'pull_request_target' ? d.event.prNumber : undefined
    local = await restoreLocalCache({
      scope: pr !== undefined ? `${scope}-pr-${pr}` : scope,
      readScopes: pr !== undefined ? [scope] : [],
      tempDir: d.tempDir,
      write: i.cacheWrite,
      api: await d.cacheApi(),
      log: d.log
    })
    if (!local) mode = 'none'
  }
  const service = ghaService(d.env)
  const plan = planCache({
    mode,
    ...where,
    userFrom: i.cacheFrom,
    userTo: i.cacheTo,
    write: i.cacheWrite,
    event: d.event,
    localDir: local && { src: local.src, dest: local.dest },
    ghaService: service
  })
  if (service === 'v2' && [...plan.from, ...plan.to].some(e => e.type === 'gha')) {
    plan.notes.push(checkGhaV2(await d.versions()))
  }
  return { plan, local }
}
