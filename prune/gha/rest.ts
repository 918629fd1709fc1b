// GitHub Actions cache, from the outside: the REST API (list, delete, and the repository facts prune
// needs) through @actions/github with the throttling and retry plugins (../octokit.ts). The entries'
// contents are read through the cache service (lib/cache-service.ts). No Actions runtime calls: values
// and a logger are passed in.
import { restClient, type RestOptions } from '../octokit.js'

export interface ActionsCacheEntry {
  id: number
  key: string
  ref: string
  version: string
  size: number
  /** ms since epoch */
  createdAt: number
  lastAccessedAt: number
}

export interface GhaClientOptions extends RestOptions {
  /** owner/name */
  repository: string
}

export type DeleteOutcome = 'deleted' | 'gone'

export type GhaClient = ReturnType<typeof ghaClient>

export function ghaClient(o: GhaClientOptions) {
  const [owner, repo] = o.repository.split('/')
  if (!owner || !repo) throw new Error(`not an owner/name repository: '${o.repository}'`)
  const octokit = restClient(o)
  const base = { owner, repo }

  return {
    /** Every entry (or those of one ref), oldest first, 100 per page. */
    async listCaches(ref?: string): Promise<ActionsCacheEntry[]> {
      const list = await octokit.paginate(octokit.rest.actions.getActionsCacheList, {
        ...base,
        per_page: 100,
        sort: 'created_at',
        direction: 'asc',
        ...(ref ? { ref } : {})
      })
      return list.map(c => ({
        id: Number(c.id),
        key: c.key ?? '',
        ref: c.ref ?? '',
        version: c.version ?? '',
        size: c.size_in_bytes ?? 0,
        createdAt: Date.parse(c.created_at ?? '') || 0,
        lastAccessedAt: Date.parse(c.last_accessed_at ?? '') || 0
      }))
    },
    async defaultBranch(): Promise<string> {
      return (await octokit.rest.repos.get(base)).data.default_branch
    },
    async branches(): Promise<Set<string>> {
      const list = await octokit.paginate(octokit.rest.repos.listBranches, { ...base, per_page: 100 })
      return new Set(list.map(b => b.name))
    },
    /** Open pull requests: number → base branch. */
    async openPulls(): Promise<Map<number, string>> {
      const list = await octokit.paginate(octokit.rest.pulls.list, { ...base, state: 'open', per_page: 100 })
      return new Map(list.map(p => [p.number, p.base.ref]))
    },
    /** 404 means someone (or GitHub's eviction) deleted it first. */
    async deleteCache(id: number): Promise<DeleteOutcome> {
      try {
        await octokit.rest.actions.deleteActionsCacheById({ ...base, cache_id: id })
        return 'deleted'
      } catch (e) {
        if ((e as { status?: number }).status === 404) return 'gone'
        throw e
      }
    }
  }
}

/** An HTTP status from an octokit error, if any. */
export const statusOf = (e: unknown): number | undefined => (e as { status?: number })?.status

/** A 401, or a 403 that is not a rate limit: more requests will not help. */
export function isPermissionError(e: unknown): boolean {
  const status = statusOf(e)
  const headers = (e as { response?: { headers?: Record<string, string> } })?.response?.headers ?? {}
  const message = String((e as Error)?.message ?? '')
  if (status === 401) return true
  return status === 403 && headers['x-ratelimit-remaining'] !== '0' && !/rate limit/i.test(message)
}
