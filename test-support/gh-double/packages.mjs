// The GitHub packages REST API for container packages, as ghcr.io clean-up uses it: owners
// (GET /users/{login}, GET /user), package versions of organizations, users and the token's own user
// (paginated, Link headers through /organizations/{id} and /user/{id} as GitHub sends them), one
// version, and deleting a version by id. A package can mirror a registry repository: seeded from what
// is really pushed there, and a deleted version deletes its manifest there, as on ghcr.io.
import { URLSearchParams } from 'node:url'
import { HttpError, iso } from './respond.mjs'

const { fetch } = globalThis

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

export function packagesApi(shared) {
  const { sendJson, restHeaders } = shared
  /** login (lower case) → { login, id, type } */
  const owners = new Map()
  /** `${owner lower}/${name}` → package */
  const packages = new Map()
  let nextId = 1000
  const owner = login => {
    const key = login.toLowerCase()
    return owners.get(key)
  }
  const addOwner = (login, type) => {
    const key = login.toLowerCase()
    if (!owners.has(key)) owners.set(key, { login, id: 5000 + owners.size, type })
    return owners.get(key)
  }

  /** The request's token: its grants and classic scopes (X-OAuth-Scopes on every answer). */
  const auth = ctx => {
    const m = /^(?:token|bearer)\s+(.+)$/i.exec(ctx.req.headers.authorization ?? '')
    if (!m) throw new HttpError(401, 'Requires authentication')
    const t = shared.restTokens.get(m[1].trim())
    if (!t) throw new HttpError(401, 'Bad credentials')
    const headers = t.scopes ? { 'X-OAuth-Scopes': t.scopes.join(', ') } : {}
    const can = need => {
      if (t.scopes) return t.scopes.includes(need === 'delete' ? 'delete:packages' : 'read:packages')
      return need === 'read' ? t.packages !== 'none' : t.packages === 'write'
    }
    return { token: t, headers, can }
  }
  const refuse = (a, need) => {
    const accepted = { 'X-Accepted-GitHub-Permissions': `packages=${need === 'delete' ? 'write' : 'read'}` }
    const oauth = a.token.scopes
      ? { 'X-Accepted-OAuth-Scopes': need === 'delete' ? 'delete:packages' : 'read:packages' }
      : {}
    const message = a.token.scopes
      ? 'Resource not accessible by personal access token'
      : 'Resource not accessible by integration'
    throw Object.assign(new HttpError(403, message), { headers: { ...a.headers, ...accepted, ...oauth } })
  }

  const versionJson = (pkg, v) => {
    const ownerPath =
      pkg.owner.type === 'Organization' ? `orgs/${pkg.owner.login}` : `users/${pkg.owner.login}`
    const api = `${shared.baseUrl}/${ownerPath}/packages/container/${encodeURIComponent(pkg.name)}`
    const html = `https://github.com/${ownerPath}/packages/container/${encodeURIComponent(pkg.name)}`
    return {
      id: v.id,
      name: v.digest,
      url: `${api}/versions/${v.id}`,
      package_html_url: `https://github.com/${ownerPath}/packages/container/package/${encodeURIComponent(pkg.name)}`,
      created_at: iso(v.createdAt),
      updated_at: iso(v.updatedAt),
      html_url: `${html}/${v.id}`,
      metadata: { package_type: 'container', container: { tags: [...v.tags] } }
    }
  }

  /** The package a path names, or 404 as GitHub answers it. */
  const find = (ctx, kind, login, name, a) => {
    let o
    if (kind === 'user') o = a.token.user ? owner(a.token.user) : undefined
    else if (kind === 'organizations' || kind === 'userid')
      o = [...owners.values()].find(x => String(x.id) === login)
    else o = owner(login)
    if (!o && kind === 'user') throw new HttpError(403, 'Resource not accessible by integration')
    if (!o || (kind === 'orgs' && o.type !== 'Organization') || (kind === 'users' && o.type !== 'User'))
      throw new HttpError(404, 'Not Found')
    const pkg = packages.get(`${o.login.toLowerCase()}/${name}`)
    if (!pkg || !a.can('read')) throw new HttpError(404, 'Package not found.')
    return pkg
  }

  const handlers = {
    getUser(ctx, m) {
      const a = auth(ctx)
      const o = owner(m[1])
      if (!o) throw new HttpError(404, 'Not Found')
      sendJson(ctx.res, 200, { login: o.login, id: o.id, type: o.type }, restHeaders(a.headers))
    },
    getAuthenticatedUser(ctx) {
      const a = auth(ctx)
      const o = a.token.user ? owner(a.token.user) : undefined
      if (!o) throw new HttpError(403, 'Resource not accessible by integration')
      sendJson(ctx.res, 200, { login: o.login, id: o.id, type: o.type }, restHeaders(a.headers))
    },
    listVersions(ctx, m) {
      const a = auth(ctx)
      const pkg = find(ctx, m[1], m[2], decodeURIComponent(m[3]), a)
      if (!a.can('read')) refuse(a, 'read')
      const state = ctx.query.get('state') ?? 'active'
      if (!['active', 'deleted'].includes(state)) throw new HttpError(400, 'Invalid argument.')
      const list = state === 'active' ? [...pkg.versions.values()].sort((x, y) => y.id - x.id) : []
      const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30))
      const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1)
      const last = Math.max(1, Math.ceil(list.length / perPage))
      // GitHub links the pages through the owner's id.
      const base = `${shared.baseUrl}/${pkg.owner.type === 'Organization' ? 'organizations' : 'user'}/${pkg.owner.id}/packages/container/${encodeURIComponent(pkg.name)}/versions`
      const link = p => {
        const q = new URLSearchParams(ctx.query)
        q.set('page', String(p))
        return `<${base}?${q}>`
      }
      const links = []
      if (page > 1) links.push(`${link(page - 1)}; rel="prev"`)
      if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`)
      if (page > 1) links.push(`${link(1)}; rel="first"`)
      const body = list.slice((page - 1) * perPage, page * perPage).map(v => versionJson(pkg, v))
      sendJson(
        ctx.res,
        200,
        body,
        restHeaders({ ...a.headers, ...(links.length ? { Link: links.join(', ') } : {}) })
      )
    },
    getVersion(ctx, m) {
      const a = auth(ctx)
      const pkg = find(ctx, m[1], m[2], decodeURIComponent(m[3]), a)
      const v = pkg.versions.get(Number(m[4]))
      if (!v) throw new HttpError(404, 'Package version not found.')
      sendJson(ctx.res, 200, versionJson(pkg, v), restHeaders(a.headers))
    },
    async deleteVersion(ctx, m) {
      const a = auth(ctx)
      const pkg = find(ctx, m[1], m[2], decodeURIComponent(m[3]), a)
      if (!a.can('delete')) refuse(a, 'delete')
      // A repository without Admin access to the package: GitHub answers as if there were no package.
      if (!pkg.adminAccess) throw new HttpError(404, 'Package not found.')
      const v = pkg.versions.get(Number(m[4]))
      if (!v) throw new HttpError(404, 'Package version not found.')
      if (pkg.registry) {
        const res = await fetch(`${pkg.registry.url}/v2/${pkg.registry.repository}/manifests/${v.digest}`, {
          method: 'DELETE'
        })
        if (!res.ok && res.status !== 404) throw new HttpError(500, `registry answered ${res.status}`)
      }
      pkg.versions.delete(v.id)
      ctx.res.writeHead(204, restHeaders(a.headers))
      ctx.res.end()
    }
  }

  const VERSIONS =
    /^\/(orgs|users|organizations|user)\/(?:([^/]+)\/)?packages\/container\/([^/]+)\/versions(?:\/(\d+))?$/
  const route = (method, pathname) => {
    if (method === 'GET' && pathname === '/user') return { name: 'getAuthenticatedUser', m: [] }
    const u = /^\/users\/([^/]+)$/.exec(pathname)
    if (u && method === 'GET') return { name: 'getUser', m: u }
    const v = VERSIONS.exec(pathname)
    if (!v) return undefined
    // /user/{id}/… is the Link form of a user's package; /user/packages/… the token's own user.
    const kind = v[1] === 'user' ? (v[2] ? 'userid' : 'user') : v[1]
    const m = [v[0], kind, v[2], v[3], v[4]]
    if (!v[4]) return method === 'GET' ? { name: 'listVersions', m } : undefined
    if (method === 'GET') return { name: 'getVersion', m }
    if (method === 'DELETE') return { name: 'deleteVersion', m }
    return undefined
  }

  const api = {
    owners,
    packages,
    /** A package with versions (newest id last); `registry` mirrors deletions to a registry repository. */
    seed({ owner: login, type = 'Organization', name, versions = [], registry, adminAccess = true }) {
      const o = addOwner(login, type)
      const pkg = { owner: o, name, versions: new Map(), registry, adminAccess }
      packages.set(`${o.login.toLowerCase()}/${name}`, pkg)
      const now = Date.now()
      for (const v of versions) {
        const id = nextId++
        const createdAt = new Date(v.createdAt ?? now)
        pkg.versions.set(id, {
          id,
          digest: v.digest,
          tags: v.tags ?? [],
          createdAt,
          updatedAt: new Date(v.updatedAt ?? createdAt)
        })
      }
      return pkg
    },
    /**
     * A package holding what a registry repository really serves: a version per tagged manifest, per
     * manifest an index lists (untagged, unless tagged too), and per `untagged` digest (a manifest whose
     * tag moved on); `updatedAt` by tag or digest.
     */
    async seedFromRegistry({ registry, repository, untagged = [], updatedAt = {}, ...rest }) {
      const url = /^https?:/.test(registry) ? registry : `http://${registry}`
      const get = async ref => {
        const res = await fetch(`${url}/v2/${repository}/manifests/${ref}`, { headers: { Accept: ACCEPT } })
        if (!res.ok) throw new Error(`${repository}:${ref}: registry answered ${res.status}`)
        return { digest: res.headers.get('docker-content-digest'), body: await res.json() }
      }
      const tagsRes = await fetch(`${url}/v2/${repository}/tags/list`)
      const tags = tagsRes.ok ? ((await tagsRes.json()).tags ?? []) : []
      const byDigest = new Map()
      const visit = async (ref, tag) => {
        const m = await get(ref)
        const known = byDigest.get(m.digest)
        if (known) {
          if (tag) known.tags.push(tag)
          return
        }
        byDigest.set(m.digest, { digest: m.digest, tags: tag ? [tag] : [] })
        for (const c of m.body.manifests ?? []) if (ACCEPT.includes(c.mediaType)) await visit(c.digest)
      }
      for (const t of tags) await visit(t, t)
      for (const d of untagged) await visit(d)
      const versions = [...byDigest.values()].map(v => {
        const at = [v.digest, ...v.tags].map(k => updatedAt[k]).find(Boolean)
        return at ? { ...v, createdAt: at, updatedAt: at } : v
      })
      return api.seed({ ...rest, versions, registry: { url, repository } })
    },
    clear() {
      packages.clear()
    }
  }

  return {
    api,
    route(method, pathname) {
      const r = route(method, pathname)
      if (!r) return undefined
      return { area: 'rest', name: `rest.packages.${r.name}`, fn: ctx => handlers[r.name](ctx, r.m) }
    }
  }
}
