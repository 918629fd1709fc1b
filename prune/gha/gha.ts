// Target gha: list the repository's Actions caches, learn the facts the selectors need, read the live
// BuildKit indexes, plan (gha-plan.ts), then delete concurrently within the API's limits.
import { ghaClient, isPermissionError, statusOf, type GhaClient } from './rest.js'
import {
  cacheService,
  cacheServiceConfig,
  runtimeScopes,
  type CacheServiceConfig
} from '../../lib/cache-service.js'
import type { Logger } from '../../lib/runtime.js'
import { UserError } from '../../lib/errors.js'
import { MiB, readCapped } from '../../lib/files.js'
import type { GhaOptions } from '../inputs.js'
import {
  indexDigests,
  indexesToRead,
  planGha,
  type CacheEntry,
  type GhaPlan,
  type LiveIndex,
  type RepoFacts
} from './gha-plan.js'
import type { TargetReport } from '../report.js'
import { mapPaced, Pacer } from '../pacer.js'

/** Deletions in flight at once; the pace (deletes-per-minute) is the real limit. */
export const CONCURRENCY = 6

export interface GhaEnv {
  apiUrl: string
  repository: string
  /** repository.default_branch from the event payload, when the event carries it. */
  eventDefaultBranch?: string
  /** The cache service of the job's runtime token, which reads the BuildKit indexes. */
  cacheService?: CacheServiceConfig
}

export function ghaEnv(env: NodeJS.ProcessEnv): GhaEnv {
  let eventDefaultBranch: string | undefined
  try {
    if (env.GITHUB_EVENT_PATH)
      eventDefaultBranch = JSON.parse(readCapped(env.GITHUB_EVENT_PATH, 'GITHUB_EVENT_PATH', 64 * MiB))
        ?.repository?.default_branch
  } catch {
    eventDefaultBranch = undefined
  }
  return {
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    repository: env.GITHUB_REPOSITORY ?? '',
    eventDefaultBranch: eventDefaultBranch || undefined,
    cacheService: cacheServiceConfig(env)
  }
}

export async function pruneGha(
  o: GhaOptions,
  dryRun: boolean,
  env: GhaEnv,
  log: Logger
): Promise<TargetReport> {
  const pacer = new Pacer(o.deletesPerMinute)
  const client = ghaClient({
    token: o.token,
    apiUrl: env.apiUrl,
    repository: env.repository,
    log,
    onWait: s => pacer.pause(s * 1000)
  })
  const { entries, facts } = await readRepository(client, o, env)
  const defaultOnly = defaultBranchOnly(o, facts)
  if (defaultOnly) throw new UserError(defaultOnly)
  const now = Date.now()
  const live = await readLiveIndexes(indexesToRead(entries, o, facts, now), env, log)
  const plan = planGha(entries, o, facts, now, live)
  log.info(
    `Actions cache: ${entries.length} entries listed, ${plan.delete.length} to delete, ${plan.spared.length} spared`
  )
  if (dryRun) return report(plan, [])
  const { outcomes, stoppedBy, forbidden } = await deleteAll(client, plan, pacer)
  const r = report(plan, outcomes, !forbidden)
  // A token that may not delete stops the run and fails the step, after the report of what stayed.
  if (forbidden)
    r.stopped = `gha: the token may not delete caches (${describe(stoppedBy)}); it needs the actions: write permission`
  else if (stoppedBy) {
    const left = outcomes.filter(x => 'error' in x && x.error.startsWith('not attempted')).length
    r.stopped = `gha: the API's rate limit stopped the run (${describe(stoppedBy)}): ${left} of ${plan.delete.length} deletions not attempted; the next run goes on from there`
  }
  return r
}

/**
 * `refs` naming only the default branch, whose entries no selector picks without
 * include-default-branch: nothing could be deleted, so say why instead of succeeding silently
 * (buildkit-gc applies to the default branch too, and is left to do its work).
 */
export function defaultBranchOnly(o: GhaOptions, facts: RepoFacts): string | undefined {
  const defaultRef = `refs/heads/${facts.defaultBranch}`
  if (!o.refs.length || o.includeDefaultBranch || o.buildkitGc) return undefined
  if (!o.refs.every(r => r === defaultRef)) return undefined
  return `gha: refs names only ${defaultRef}, the default branch, whose caches ${o.selectors.join(', ')} never picks unless include-default-branch is true: set include-default-branch: true to prune them, or name other refs`
}

/** Caches first, then the open pull requests: a pull request opened in between cannot look closed. */
async function readRepository(client: GhaClient, o: GhaOptions, env: GhaEnv) {
  try {
    const entries = await listEntries(client, o)
    return { entries, facts: await repoFacts(client, o, env) }
  } catch (e) {
    throw new UserError(`gha: reading the repository's caches: ${describe(e)}`)
  }
}

/** Caches on pull request refs are read only by jobs on that ref: listing just those refs is enough. */
async function listEntries(client: GhaClient, o: GhaOptions): Promise<CacheEntry[]> {
  const narrow =
    o.refs.length > 0 &&
    o.refs.every(r => r.startsWith('refs/pull/')) &&
    !o.selectors.includes('max-total-size')
  if (!narrow) return client.listCaches()
  return (await Promise.all(o.refs.map(r => client.listCaches(r)))).flat()
}

async function repoFacts(client: GhaClient, o: GhaOptions, env: GhaEnv): Promise<RepoFacts> {
  const [defaultBranch, branches, openPulls] = await Promise.all([
    env.eventDefaultBranch ?? client.defaultBranch(),
    o.selectors.includes('deleted-branches') ? client.branches() : undefined,
    o.selectors.includes('closed-prs') ? client.openPulls() : undefined
  ])
  return { defaultBranch, branches, openPulls }
}

/** Reads each live index through the cache service; one the token cannot read stays unreadable. */
async function readLiveIndexes(indexes: CacheEntry[], env: GhaEnv, log: Logger): Promise<LiveIndex[]> {
  if (!indexes.length) return []
  const config = env.cacheService
  if (!config?.readable) {
    log.warning(
      'the cache service is not available to this step (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL): BuildKit indexes cannot be read'
    )
    return indexes.map(entry => ({ entry }))
  }
  const service = cacheService(config)
  const readable = new Set(
    runtimeScopes(config.token)
      .filter(s => s.permission & 1)
      .map(s => s.scope)
  )
  return Promise.all(
    indexes.map(async (entry): Promise<LiveIndex> => {
      if (!readable.has(entry.ref)) return { entry }
      try {
        const bytes = await service.read(entry.key, entry.version)
        if (!bytes) return { entry }
        return { entry, digests: indexDigests(bytes.toString('utf8')) }
      } catch (e) {
        log.warning(`BuildKit index ${entry.key} on ${entry.ref} could not be read: ${(e as Error).message}`)
        return { entry }
      }
    })
  )
}

type Outcome = { id: number; result: 'deleted' | 'gone' } | { id: number; error: string }

/**
 * Every planned deletion, CONCURRENCY at a time and paced; a failure (after the client's retries) is
 * reported and the rest go on. A token that may not delete ends the run and fails the step; a rate
 * limit that resets too late ends it with the rest reported as not attempted.
 */
async function deleteAll(
  client: GhaClient,
  plan: GhaPlan,
  pacer: Pacer
): Promise<{ outcomes: Outcome[]; stoppedBy?: unknown; forbidden: boolean }> {
  let stop: unknown
  let fatal = false
  const settled = await mapPaced(
    plan.delete,
    CONCURRENCY,
    pacer,
    d =>
      client.deleteCache(d.entry.id).catch(e => {
        if (isPermissionError(e)) fatal = true
        if (fatal || isRateLimited(e)) stop ??= e
        throw e
      }),
    () => stop,
    () => new Error(`not attempted after ${describe(stop)}`)
  )
  const outcomes = settled.map((s, i): Outcome => {
    const id = plan.delete[i].entry.id
    return s.ok ? { id, result: s.value } : { id, error: describe(s.error) }
  })
  return { outcomes, stoppedBy: stop, forbidden: fatal }
}

const isRateLimited = (e: unknown) => (statusOf(e) === 403 || statusOf(e) === 429) && !isPermissionError(e)

const describe = (e: unknown): string => {
  const status = statusOf(e)
  const message = String((e as Error)?.message ?? e).split('\n')[0]
  return status ? `HTTP ${status}: ${message.replace(/ - https:\/\/docs\.github\.com\S*/, '')}` : message
}

/** What the run did; what failed stays, so it is counted as kept. `retried`: failures are the ones
 * the next run retries (not so when the token may not delete). */
function report(plan: GhaPlan, outcomes: Outcome[], retried = true): TargetReport {
  const byId = new Map(outcomes.map(x => [x.id, x]))
  const r: TargetReport = {
    target: 'gha',
    deleted: [],
    failed: [],
    kept: plan.kept,
    notes: [],
    warnings: [...plan.notes]
  }
  let gone = 0
  for (const d of plan.delete) {
    const item = { what: `${d.entry.key} (${d.entry.ref})`, why: d.reason, bytes: d.entry.size }
    const x = byId.get(d.entry.id)
    if (x && 'error' in x) r.failed.push({ ...item, error: x.error })
    else if (x?.result === 'gone') gone++
    else r.deleted.push(item)
  }
  r.kept += r.failed.length
  for (const s of plan.spared.slice(0, 20))
    r.notes.push(`spared ${s.entry.key} (${s.entry.ref}): ${s.reason}`)
  if (plan.spared.length > 20) r.notes.push(`… and ${plan.spared.length - 20} more spared`)
  if (gone) r.notes.push(`${gone} entries were already gone when deleted`)
  if (r.failed.length && retried)
    r.warnings.push(`${r.failed.length} deletions failed after retries; the next run retries them`)
  return r
}
