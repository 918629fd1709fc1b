// Types for the GitHub cache and artifact services double (index.mjs), for TypeScript tests.

export declare const BUILDKIT_VERSION: string

export interface PullSeed {
  number: number
  state?: 'open' | 'closed'
  /** Head branch name (default `feature-<n>`). */
  head?: string
  /** Base branch name (default `main`). */
  base?: string
  merged?: boolean
  title?: string
  createdAt?: string | Date
  closedAt?: string | Date
}

export interface DoubleOptions {
  /** 0 (default) = ephemeral. */
  port?: number
  host?: string
  /** owner/name, default octo-org/octo-repo. */
  repository?: string
  repositoryId?: number
  defaultBranch?: string
  branches?: string[]
  pulls?: PullSeed[]
  /** REST primary rate limit (default 5000 per 3600 s). */
  rateLimit?: { limit?: number; windowSeconds?: number }
  /** Lifetime of signed blob URLs (default 3600 s). */
  urlTtlSeconds?: number
  maxEntryBytes?: number
  /** The workflow run tokens belong to unless they name another (GITHUB_RUN_ID, default 987654321). */
  runId?: number
  /** The repository's artifact retention: the most an artifact gets and its default (days, default 90). */
  artifactRetentionDays?: number
  secret?: Buffer | string
  log?: (line: string) => void
}

export interface Entry {
  id: number
  key: string
  version: string
  /** The scope (git ref) that wrote the entry. */
  ref: string
  size: number
  createdAt: Date
  lastAccessedAt: Date
  finalized: boolean
  data: Buffer | null
}

export interface SeedEntry {
  key: string
  ref?: string
  version?: string
  size?: number
  data?: string | Buffer
  createdAt?: string | Date
  lastAccessedAt?: string | Date
}

export interface Artifact {
  id: number
  name: string
  /** Results-service ids from the uploading token's `scp` claim. */
  runBackendId: string
  jobBackendId: string
  /** The numeric workflow run (REST), when the double issued the token. */
  runId: number | undefined
  /** The uploading token's writable cache scope (REST workflow_run.head_branch). */
  ref: string | undefined
  size: number
  /** `sha256:<hex>` as FinalizeArtifact reported it. */
  digest: string | undefined
  mimeType: string | undefined
  contentType?: string
  createdAt: Date
  lastAccessedAt: Date
  /** From CreateArtifact's expires_at (capped by artifactRetentionDays); the services drop it after. */
  expiresAt: Date
  finalized: boolean
  data: Buffer | null
}

export interface ArtifactStore {
  items: Map<number, Artifact>
  all(): Artifact[]
  get(id: number | string): Artifact | undefined
  /** Finalized artifacts, expired ones too. */
  list(): Artifact[]
  expired(a: Artifact, now?: number): boolean
  delete(id: number | string): boolean
  clear(): void
}

export interface Store {
  entries: Map<number, Entry>
  artifacts: ArtifactStore
  /** Finalized entries, in creation order. */
  list(): Entry[]
  all(): Entry[]
  get(id: number | string): Entry | undefined
  find(pred: (e: Entry) => boolean): Entry[]
  delete(id: number | string): boolean
  clear(): void
  seed(list: SeedEntry[]): Entry[]
  bytesOf(e: Entry): Buffer
  totalSize(): number
}

export interface RequestRecord {
  /**
   * e.g. twirp.CreateCacheEntry, v1.reserve, blob.putBlock, rest.listCaches, artifact.CreateArtifact,
   * artifact.blob.putBlock, rest.listRunArtifacts
   */
  route: string
  method: string
  path: string
  status: number
  fault?: 'rate-limit' | 'server-error'
  /** ms since epoch: request received / response finished. */
  start: number
  end: number
}

export interface Stats {
  requests: RequestRecord[]
  /** Requests for a route ('blob.get') or an area ending with '.' ('blob.'); all without an argument. */
  count(route?: string): number
  byRoute(): Record<string, number>
  forRoute(route: string): RequestRecord[]
  reset(): void
}

/** A route name, an area prefix ending with '.', a RegExp or a predicate. */
export type RouteMatch = string | RegExp | ((route: string) => boolean)

export interface FaultRule {
  id: number
  type: 'rate-limit' | 'server-error' | 'slow'
  seen: number
  fired: number
}

export interface Faults {
  readonly active: FaultRule[]
  /** Default: one secondary-limit 429 with Retry-After: 1 on REST routes. */
  rateLimit(o?: {
    status?: 429 | 403
    retryAfter?: number
    count?: number
    kind?: 'secondary' | 'primary'
    match?: RouteMatch
  }): FaultRule
  /** The next `count` matching requests (default 1) or every `every`-th one answer `status` (default 500). */
  serverError(o?: { status?: number; count?: number; every?: number; match?: RouteMatch }): FaultRule
  slow(o?: { delayMs?: number; count?: number; match?: RouteMatch }): FaultRule
  remove(rule: FaultRule | number): void
  clear(): void
}

export interface TokenOptions {
  /** Scope the job writes to (default refs/heads/<default branch>). */
  ref?: string
  /** Extra readable scopes in lookup order (default: PR base branch, then the default branch). */
  readRefs?: string[]
  /** false = read-only token. */
  write?: boolean
  ttlSeconds?: number
  /** The workflow run (GITHUB_RUN_ID) in the `scp` claim's Actions.Results ids (default: the double's runId). */
  runId?: number
  /** The job (GITHUB_JOB) in those ids (default `build`): artifacts are shared by the jobs of a run. */
  job?: string
}

export interface GithubState {
  repository: string
  repositoryId: number
  defaultBranch: string
  branches: Set<string>
  pulls: Map<number, Required<Pick<PullSeed, 'number' | 'head' | 'base' | 'state' | 'merged' | 'title'>>>
  setPull(p: PullSeed): unknown
}

export interface RunnerEnv extends Record<string, string> {
  ACTIONS_RESULTS_URL: string
  ACTIONS_CACHE_SERVICE_V2: string
  ACTIONS_RUNTIME_TOKEN: string
  ACTIONS_CACHE_URL: string
  GITHUB_API_URL: string
  GITHUB_SERVER_URL: string
  GITHUB_REPOSITORY: string
  GITHUB_TOKEN: string
  GITHUB_REF: string
}

export interface Double {
  url: string
  port: number
  repository: string
  /** The default workflow run of runtime tokens (REST /actions/runs/{run_id}/artifacts). */
  runId: number
  /** The REST token in env().GITHUB_TOKEN (actions: write). */
  githubToken: string
  /** A runtime token (JWT with the `ac` claim). */
  token(o?: TokenOptions): string
  /**
   * Another REST token; actions: 'read' makes cache deletes answer 403, packages: 'read' | 'none' package
   * version deletes (and lists). `scopes` makes it a classic personal access token (X-OAuth-Scopes);
   * `user` the token of that user (GET /user, /user/packages).
   */
  issueGithubToken(o?: {
    actions?: 'read' | 'write'
    packages?: 'read' | 'write' | 'none'
    scopes?: string[]
    user?: string
  }): string
  /** The environment a runner sets for a job on `ref`. */
  env(o?: TokenOptions & { githubToken?: string }): RunnerEnv
  store: Store
  stats: Stats
  faults: Faults
  github: GithubState
  packages: Packages
  reset(): void
  close(): Promise<void>
}

export interface PackageVersionSeed {
  digest: string
  tags?: string[]
  createdAt?: string | Date
  updatedAt?: string | Date
}

export interface PackageSeed {
  owner: string
  /** Default Organization. */
  type?: 'Organization' | 'User'
  /** The package name (`app`, `team/app`). */
  name: string
  versions?: PackageVersionSeed[]
  /** false: deleting answers 404 Package not found, as GitHub does for a repository without Admin access. */
  adminAccess?: boolean
}

export interface PackageVersion {
  id: number
  digest: string
  tags: string[]
  createdAt: Date
  updatedAt: Date
}

export interface Package {
  owner: { login: string; id: number; type: 'Organization' | 'User' }
  name: string
  versions: Map<number, PackageVersion>
  /** The registry repository a deleted version's manifest is deleted from. */
  registry?: { url: string; repository: string }
  adminAccess: boolean
}

export interface Packages {
  packages: Map<string, Package>
  seed(p: PackageSeed & { registry?: { url: string; repository: string } }): Package
  /**
   * A package of what `registry` (host:port or URL) serves for `repository`: each tagged manifest, each
   * manifest an index lists, each `untagged` digest; `updatedAt` by tag or digest.
   */
  seedFromRegistry(
    p: Omit<PackageSeed, 'versions'> & {
      registry: string
      repository: string
      untagged?: string[]
      updatedAt?: Record<string, string | Date>
    }
  ): Promise<Package>
  clear(): void
}

export declare function startDouble(opts?: DoubleOptions): Promise<Double>
export declare function decodeJwtUnverified(token: string): Record<string, unknown>
export declare function backendIdsOf(
  claims: Record<string, unknown>
): { workflowRunBackendId: string; workflowJobRunBackendId: string } | undefined
export declare function scopesOf(
  claims: Record<string, unknown>
): Array<{ Scope: string; Permission: number }>
