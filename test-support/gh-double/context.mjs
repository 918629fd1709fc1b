// The state every service shares: options, repository state (branches, pulls), the one store, stats,
// faults, the REST rate limit and tokens (REST tokens, runtime JWTs with their workflow run and job),
// the response helpers and the runner environment. `baseUrl` is set once the server listens.
import { randomBytes } from 'node:crypto'
import { createStore } from './store.mjs'
import { createFaults, createStats } from './faults.mjs'
import {
  backendId,
  issueRuntimeToken,
  verifyJwt,
  scopesOf,
  PERMISSION_READ,
  PERMISSION_WRITE
} from './token.mjs'
import { HttpError, createResponses } from './respond.mjs'

function normalizePull(p, owner) {
  const head = p.head ?? `feature-${p.number}`
  const base = p.base ?? 'main'
  const state = p.state ?? 'open'
  const created = p.createdAt ? new Date(p.createdAt) : new Date()
  const closedAt = state === 'closed' ? new Date(p.closedAt ?? Date.now()) : null
  return {
    number: Number(p.number),
    head,
    base,
    state,
    merged: Boolean(p.merged),
    createdAt: created,
    closedAt,
    title: p.title ?? `PR ${p.number}`,
    owner
  }
}

/** @param {import('./index.d.mts').DoubleOptions} opts */
export function createContext(opts = {}) {
  const secret = opts.secret ?? randomBytes(32)
  const repository = opts.repository ?? 'octo-org/octo-repo'
  const [owner, repoName] = repository.split('/')

  const github = {
    repository,
    repositoryId: opts.repositoryId ?? 123456789,
    defaultBranch: opts.defaultBranch ?? 'main',
    /** @type {Set<string>} */
    branches: new Set(),
    /** @type {Map<number, any>} */
    pulls: new Map(),
    setPull(p) {
      const n = normalizePull(p, owner)
      github.pulls.set(n.number, n)
      return n
    }
  }
  for (const b of opts.branches ?? [github.defaultBranch]) github.branches.add(b)
  github.branches.add(github.defaultBranch)
  for (const p of opts.pulls ?? []) github.setPull(p)

  const rate = {
    limit: opts.rateLimit?.limit ?? 5000,
    windowMs: (opts.rateLimit?.windowSeconds ?? 3600) * 1000,
    used: 0,
    resetAt: 0
  }
  const rateState = () => {
    const now = Date.now()
    if (now >= rate.resetAt) {
      rate.used = 0
      rate.resetAt = now + rate.windowMs
    }
    return rate
  }

  /**
   * REST tokens: value → { write (actions: write), packages ('write' | 'read' | 'none'), scopes (a
   * classic personal access token's, sent back in X-OAuth-Scopes), user (a token of that user) }.
   */
  const restTokens = new Map()
  const issueGithubToken = (o = {}) => {
    const t = `${o.scopes ? 'ghp' : 'ghs'}_${randomBytes(18).toString('base64url')}`
    restTokens.set(t, {
      write: o.actions !== 'read',
      packages: o.packages ?? 'write',
      scopes: o.scopes,
      user: o.user
    })
    return t
  }
  const githubToken = issueGithubToken()

  // Runtime tokens: default read scopes are the PR base branch, then the default branch.
  const defaultReadRefs = ref => {
    const out = []
    const m = /^refs\/pull\/(\d+)\/merge$/.exec(ref)
    if (m && github.pulls.has(Number(m[1]))) out.push(`refs/heads/${github.pulls.get(Number(m[1])).base}`)
    out.push(`refs/heads/${github.defaultBranch}`)
    return out.filter(r => r !== ref)
  }
  // The results service knows runs and jobs by backend ids (UUIDs), REST by the run's number.
  const runId = opts.runId ?? 987654321
  /** @type {Map<string, number>} run backend id → GITHUB_RUN_ID */
  const runs = new Map()
  const token = (o = {}) => {
    const ref = o.ref ?? `refs/heads/${github.defaultBranch}`
    const run = o.runId ?? runId
    const runBackendId = backendId(`run:${repository}:${run}`)
    runs.set(runBackendId, run)
    return issueRuntimeToken(secret, {
      ref,
      readRefs: o.readRefs ?? defaultReadRefs(ref),
      write: o.write ?? true,
      ttlSeconds: o.ttlSeconds,
      runBackendId,
      jobBackendId: backendId(`job:${repository}:${run}:${o.job ?? 'build'}`)
    })
  }

  /** The verified claims of the request's runtime token (Bearer), or 401 unauthenticated. */
  const runtimeClaims = req => {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')
    if (!m) throw new HttpError(401, 'missing bearer token', { twirpCode: 'unauthenticated' })
    try {
      return verifyJwt(m[1].trim(), secret)
    } catch (e) {
      throw new HttpError(401, e.message, { twirpCode: 'unauthenticated' })
    }
  }
  /** Readable cache scopes in token order and the scope entries are written to. */
  const runtimeScopes = req => {
    let scopes
    try {
      scopes = scopesOf(runtimeClaims(req))
    } catch (e) {
      if (e instanceof HttpError) throw e
      throw new HttpError(401, e.message, { twirpCode: 'unauthenticated' })
    }
    const readable = scopes.filter(s => s.Permission & PERMISSION_READ).map(s => s.Scope)
    const writable = scopes.filter(s => s.Permission & PERMISSION_WRITE).map(s => s.Scope)
    // BuildKit writes under the last writable scope (gha.go indexKey); so does the double.
    return { readable, write: writable.at(-1) }
  }

  const shared = {
    host: opts.host ?? '127.0.0.1',
    secret,
    repository,
    owner,
    repoName,
    urlTtlMs: (opts.urlTtlSeconds ?? 3600) * 1000,
    maxEntryBytes: opts.maxEntryBytes ?? 10 * 1024 ** 3,
    artifactRetentionDays: opts.artifactRetentionDays ?? 90,
    log: opts.log ?? (() => {}),
    baseUrl: '',
    github,
    store: createStore(),
    stats: createStats(),
    faults: createFaults(),
    rateState,
    runId,
    runs,
    restTokens,
    githubToken,
    issueGithubToken,
    token,
    runtimeClaims,
    runtimeScopes,
    ...createResponses(rateState),
    /** The environment a runner sets for a job on `ref`. */
    env(o = {}) {
      const ref = o.ref ?? `refs/heads/${github.defaultBranch}`
      const pr = /^refs\/pull\/(\d+)\/merge$/.exec(ref)
      const pull = pr ? github.pulls.get(Number(pr[1])) : undefined
      return {
        ACTIONS_RESULTS_URL: `${shared.baseUrl}/`,
        ACTIONS_CACHE_SERVICE_V2: 'True',
        ACTIONS_RUNTIME_TOKEN: token(o),
        ACTIONS_CACHE_URL: `${shared.baseUrl}/`,
        GITHUB_API_URL: shared.baseUrl,
        // @actions/cache treats any host other than github.com/*.ghe.com/*.localhost as GHES and then
        // falls back to cache service v1 (config.js isGhes), so the server URL stays github.com.
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: repository,
        GITHUB_REPOSITORY_OWNER: owner,
        GITHUB_TOKEN: o.githubToken ?? githubToken,
        GITHUB_REF: ref,
        GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\//, ''),
        GITHUB_BASE_REF: pull ? pull.base : '',
        GITHUB_HEAD_REF: pull ? pull.head : ''
      }
    }
  }
  return shared
}
