// The REST API subset the suite uses: the Actions cache API (list with sort/filter/pagination, delete by
// id and by key, usage), repository, branches, pull requests and /rate_limit. Token auth with
// actions: write|read, Link headers through /repositories/{id} as GitHub sends them.
import { createHmac } from 'node:crypto'
import { URLSearchParams } from 'node:url'
import { HttpError, iso, isoMs } from './respond.mjs'

const LIST_SORTS = new Set(['created_at', 'last_accessed_at', 'size_in_bytes'])
export const fakeSha = s => createHmac('sha1', 'sha').update(String(s)).digest('hex')

/**
 * @param shared the double's context
 * @param extensions more endpoints: each `(helpers) → [[method, tail RegExp, name, handler]]`, with
 *   helpers { restAuth(ctx, {write}), sendPage(ctx, list, wrap) }; a tail is the path after the repository.
 */
export function restApi(shared, extensions = []) {
  const { store, github, repository, owner, sendJson, restHeaders } = shared
  const restAuth = (ctx, { write = false } = {}) => {
    const auth = ctx.req.headers.authorization ?? ''
    const m = /^(?:token|bearer)\s+(.+)$/i.exec(auth)
    if (!m) throw new HttpError(401, 'Requires authentication')
    const t = shared.restTokens.get(m[1].trim())
    if (!t) throw new HttpError(401, 'Bad credentials')
    if (write && !t.write) throw new HttpError(403, 'Resource not accessible by integration')
  }
  const restCache = e => ({
    id: e.id,
    ref: e.ref,
    key: e.key,
    version: e.version,
    last_accessed_at: isoMs(e.lastAccessedAt),
    created_at: isoMs(e.createdAt),
    size_in_bytes: e.size
  })
  const paging = ctx => {
    const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30))
    const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1)
    return { perPage, page }
  }
  /** Link header as GitHub sends it (repository endpoints link through /repositories/{id}). */
  const linkHeader = (ctx, total, { perPage, page }) => {
    const last = Math.max(1, Math.ceil(total / perPage))
    const tail = ctx.url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/^\/repositories\/\d+/, '')
    const link = p => {
      const q = new URLSearchParams(ctx.query)
      q.delete('page')
      q.set('page', String(p))
      return `<${shared.baseUrl}/repositories/${github.repositoryId}${tail}?${q}>`
    }
    const out = []
    if (page > 1) out.push(`${link(page - 1)}; rel="prev"`)
    if (page < last) out.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`)
    if (page > 1) out.push(`${link(1)}; rel="first"`)
    return out.length ? { Link: out.join(', ') } : {}
  }
  const pageOf = (list, p) => list.slice((p.page - 1) * p.perPage, p.page * p.perPage)
  /** One page of `list` as JSON, with the Link header. */
  const sendPage = (ctx, list, wrap = page => page) => {
    const p = paging(ctx)
    sendJson(ctx.res, 200, wrap(pageOf(list, p)), restHeaders(linkHeader(ctx, list.length, p)))
  }
  const pullJson = p => {
    const api = `${shared.baseUrl}/repos/${repository}`
    return {
      url: `${api}/pulls/${p.number}`,
      id: 100000 + p.number,
      number: p.number,
      state: p.state,
      title: p.title,
      draft: false,
      merged: p.merged,
      user: { login: 'octocat', id: 1, type: 'User' },
      head: { label: `${owner}:${p.head}`, ref: p.head, sha: fakeSha(p.head) },
      base: { label: `${owner}:${p.base}`, ref: p.base, sha: fakeSha(p.base) },
      created_at: iso(p.createdAt),
      updated_at: iso(p.closedAt ?? p.createdAt),
      closed_at: p.closedAt ? iso(p.closedAt) : null,
      merged_at: p.merged && p.closedAt ? iso(p.closedAt) : null
    }
  }
  const branchJson = name => ({
    name,
    commit: { sha: fakeSha(name), url: `${shared.baseUrl}/repos/${repository}/commits/${fakeSha(name)}` },
    protected: name === github.defaultBranch
  })
  const rest = {
    listCaches(ctx) {
      restAuth(ctx)
      const key = ctx.query.get('key')
      const ref = ctx.query.get('ref')
      const sort = ctx.query.get('sort') ?? 'last_accessed_at'
      const direction = ctx.query.get('direction') ?? 'desc'
      if (!LIST_SORTS.has(sort) || !['asc', 'desc'].includes(direction)) {
        throw new HttpError(422, 'Validation Failed', {
          errors: [
            { resource: 'ActionsCache', field: LIST_SORTS.has(sort) ? 'direction' : 'sort', code: 'invalid' }
          ]
        })
      }
      const field = { created_at: 'createdAt', last_accessed_at: 'lastAccessedAt', size_in_bytes: 'size' }[
        sort
      ]
      const sign = direction === 'asc' ? 1 : -1
      const list = store
        .list()
        .filter(e => (key ? e.key.startsWith(key) : true) && (ref ? e.ref === ref : true))
        .sort((a, b) => sign * (Number(a[field]) - Number(b[field]) || a.id - b.id))
      sendPage(ctx, list, page => ({ total_count: list.length, actions_caches: page.map(restCache) }))
    },
    deleteCacheById(ctx, _b, id) {
      restAuth(ctx, { write: true })
      const e = store.get(id)
      if (!e || !e.finalized) throw new HttpError(404, 'Not Found')
      store.delete(id)
      ctx.res.writeHead(204, restHeaders())
      ctx.res.end()
    },
    deleteCachesByKey(ctx) {
      restAuth(ctx, { write: true })
      const key = ctx.query.get('key')
      const ref = ctx.query.get('ref')
      if (!key) throw new HttpError(422, 'Invalid request.\n\n"key" wasn\'t supplied.')
      const list = store.list().filter(e => e.key === key && (ref ? e.ref === ref : true))
      if (!list.length) throw new HttpError(404, 'Not Found')
      for (const e of list) store.delete(e.id)
      sendJson(ctx.res, 200, { total_count: list.length, actions_caches: list.map(restCache) }, restHeaders())
    },
    cacheUsage(ctx) {
      restAuth(ctx)
      const usage = {
        full_name: repository,
        active_caches_size_in_bytes: store.totalSize(),
        active_caches_count: store.list().length
      }
      sendJson(ctx.res, 200, usage, restHeaders())
    },
    getRepo(ctx) {
      restAuth(ctx)
      const repo = {
        id: github.repositoryId,
        name: shared.repoName,
        full_name: repository,
        owner: { login: owner },
        private: true,
        default_branch: github.defaultBranch,
        url: `${shared.baseUrl}/repos/${repository}`
      }
      sendJson(ctx.res, 200, repo, restHeaders())
    },
    listBranches(ctx) {
      restAuth(ctx)
      sendPage(ctx, [...github.branches].sort(), page => page.map(branchJson))
    },
    getBranch(ctx, _b, name) {
      restAuth(ctx)
      if (!github.branches.has(name)) throw new HttpError(404, 'Branch not found')
      sendJson(ctx.res, 200, branchJson(name), restHeaders())
    },
    listPulls(ctx) {
      restAuth(ctx)
      const state = ctx.query.get('state') ?? 'open'
      const list = [...github.pulls.values()]
        .filter(p => state === 'all' || p.state === state)
        .sort((a, b) => b.number - a.number)
      sendPage(ctx, list, page => page.map(pullJson))
    },
    getPull(ctx, _b, n) {
      restAuth(ctx)
      const p = github.pulls.get(Number(n))
      if (!p) throw new HttpError(404, 'Not Found')
      sendJson(ctx.res, 200, pullJson(p), restHeaders())
    },
    rateLimit(ctx) {
      restAuth(ctx)
      const r = shared.rateState()
      const core = {
        limit: r.limit,
        used: r.used,
        remaining: Math.max(0, r.limit - r.used),
        reset: Math.ceil(r.resetAt / 1000)
      }
      sendJson(ctx.res, 200, { resources: { core }, rate: core }, restHeaders())
    }
  }

  const base = [
    ['GET', /^$/, 'getRepo'],
    ['GET', /^\/actions\/caches$/, 'listCaches'],
    ['DELETE', /^\/actions\/caches$/, 'deleteCachesByKey'],
    ['DELETE', /^\/actions\/caches\/(\d+)$/, 'deleteCacheById'],
    ['GET', /^\/actions\/cache\/usage$/, 'cacheUsage'],
    ['GET', /^\/branches$/, 'listBranches'],
    ['GET', /^\/branches\/(.+)$/, 'getBranch'],
    ['GET', /^\/pulls$/, 'listPulls'],
    ['GET', /^\/pulls\/(\d+)$/, 'getPull']
  ]
  const table = [
    ...base.map(([meth, re, name]) => [meth, re, name, rest[name]]),
    ...extensions.flatMap(ext => ext({ restAuth, sendPage }))
  ]
  const unknown = { area: 'rest', name: 'rest.unknown' }
  return {
    /** Last in the routing order: anything no other service claims is a REST request. */
    route(method, pathname) {
      if (pathname === '/rate_limit' && method === 'GET')
        return { area: 'rest', name: 'rest.rateLimit', fn: rest.rateLimit, free: true }
      const [o, r] = repository.toLowerCase().split('/')
      const repoM =
        /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(pathname) ?? /^\/repositories\/(\d+)(\/.*)?$/.exec(pathname)
      if (!repoM) return unknown
      const known =
        repoM.length === 4
          ? repoM[1].toLowerCase() === o && repoM[2].toLowerCase() === r
          : Number(repoM[1]) === github.repositoryId
      if (!known) return unknown
      const tail = (repoM.length === 4 ? repoM[3] : repoM[2]) ?? ''
      for (const [meth, re, name, fn] of table) {
        const mm = re.exec(tail)
        if (mm && meth === method)
          return {
            area: 'rest',
            name: `rest.${name}`,
            fn,
            arg: mm[1] && decodeURIComponent(mm[1])
          }
      }
      return unknown
    }
  }
}
