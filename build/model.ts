// The ground floor of build/: the types its areas share, and the lists of modes they are made of. Types
// and constant lists only, importing nothing of build/ but the pure log parser's Vertex: every area may
// import this, and this imports no area.
import type { Readable } from 'node:stream'
import type { Arch, Engine } from '../lib/arch.js'
import type { Runner } from '../lib/runtime.js'
import type { Vertex } from './progress.js'

export const LOG_MODES = ['plain', 'grouped'] as const
export type LogMode = (typeof LOG_MODES)[number]

export const ENGINES = ['buildkit', 'classic'] as const

export const CACHE_MODES = ['none', 'inline', 'min', 'max', 'registry', 'gha', 'local'] as const
export type CacheMode = (typeof CACHE_MODES)[number]

export const CACHE_TYPES = ['registry', 'gha', 'local', 'inline', 's3', 'azblob'] as const
export type CacheType = (typeof CACHE_TYPES)[number]

/** One --cache-from / --cache-to entry, as buildx takes it (build/cache/entries.ts parses and formats). */
export interface CacheEntry {
  type: CacheType
  attrs: Record<string, string>
}

/** The Dockerfile rules the `policy` input switches (build/frontend/policy.ts checks them). */
export const RULES = [
  'no-bind-mounts',
  'no-network',
  'no-security',
  'no-heredocs',
  'no-add-url',
  'no-foreign-platform'
] as const
export type RuleName = (typeof RULES)[number]

/** `context: git` / `git:<subdir>`: which commit, and which directory of it, is the build context. */
export interface GitContext {
  ref: string
  subdir: string
}

export interface BuildInputs {
  /** RUN --mount=type=cache mounts kept in the Actions cache, and the image that moves them. */
  cacheMounts: CacheMount[]
  cacheMountsImage: string
  context: string
  file: string
  tags: string[]
  labels: string[]
  annotations: string[]
  buildArgs: string[]
  buildContexts: string[]
  target: string
  platforms: string[]
  push: boolean
  load: boolean
  outputs: string[]
  secrets: { id: string; value: string }[]
  secretFiles: { id: string; path: string }[]
  secretEnvs: { id: string; env: string }[]
  ssh: string[]
  provenance: string
  sbom: string
  noCache: boolean
  noCacheFilters: string[]
  pull: boolean
  network: string
  allow: string[]
  addHosts: string[]
  shmSize: string
  ulimit: string[]
  attests: string[]
  call: string
  cgroupParent: string
  githubToken: string
  builder: string
  cacheFrom: CacheEntry[]
  cacheTo: CacheEntry[]
  cache: CacheMode
  /** Empty when not given (derived from the tags). */
  cacheRef: string
  cacheScope: string
  cacheWrite: boolean
  log: LogMode
  /** Dockerfile rules checked before the build (empty: policy off). */
  policy: Set<RuleName>
  /** One matrix leg's arch (its platform is then the only entry of `platforms`). */
  arch?: Arch
  /** The arches a merge job collects (empty: this step builds). */
  merge: Arch[]
  /** The engine this step builds with, engine-overrides applied. */
  engine: Engine
  /** `context: git` / `git:<subdir>`: the committed tree to send. */
  git?: GitContext
}

/** The committed tree of a `context: git` build (build/git-source.ts opens it). */
export interface GitSource {
  /** The commit archived (the ref resolved). */
  commit: string
  /** Uncommitted changes `git status` lists (they do not reach the build). */
  dirty: string[]
  /** Starts `git archive`; its stdout is the build's stdin. */
  archive(): Readable
  /** A file of the archived commit (undefined when it has none). */
  read(path: string): string | undefined
}

/** What setup-builder exported about the frontend (build/frontend/frontend.ts reads it). */
export interface FrontendFacts {
  /** ref@sha256:… (or a tag with syntax-resolve: false); '' when pinning is off; `dockerfile` to pin
   * each Dockerfile's own frontend (setup-builder `syntax: dockerfile`). */
  pinned: string
  allowedSyntax: string[]
  /** Insecure entitlements setup-builder granted; undefined when setup-builder did not run. */
  entitlements?: string[]
}

/** A matrix leg's builder, as setup-builder exported it or buildx reports it. */
export interface LegFacts {
  builder: string
  driver: string
  /** What the builder can run: native platforms plus the registered emulators. */
  platforms: string[]
  /** Read from buildx's store, not from the builder: the platforms are not known (matrix/builder-store.ts). */
  unread?: boolean
}

/** The mark a matrix leg's image bears: its run, attempt and a nonce (matrix/leg-mark.ts). */
export interface LegMark {
  runId: string
  attempt: number
  nonce: string
}

/** One build request, resolved once before anything is built (build/request.ts). */
export interface BuildRequest {
  /** The inputs as the user gave them (the report and the leg's publishing read them). */
  inputs: BuildInputs
  /** The inputs as the engine gets them (request-plan.ts: git source, pinned frontend, token, leg output). */
  build: BuildInputs
  /** Where a leg's image is exported to push by digest (builders that cannot push by digest). */
  layout?: string
  builder: string
  frontend: FrontendFacts
  /** A scratch directory removed after the step. */
  work: string
  /** `context: git`: the committed tree, sent on stdin. */
  source?: GitSource
  /** A matrix leg (`arch`): the builder's facts. */
  leg?: LegFacts
  /** A leg with push in a workflow run: the mark its image bears (matrix/leg-mark.ts). */
  legMark?: LegMark
  log: Runner
}

/** One run of buildx (or docker build) and its log. */
export interface BuildRun {
  code: number
  /** Every output line, stdout and stderr as they came. */
  lines: string[]
  vertices: Vertex[]
  stderr: string
  durationMs: number
}

/** What a build hands back to main, from either engine. */
export interface Built {
  run: BuildRun
  metadata: Record<string, unknown>
  digest: string
  imageid: string
  /** An OCI layout of the image, to push by digest (legs on the docker driver or the classic engine). */
  layout?: string
  read: CacheEntry[]
  written: CacheEntry[]
  /** What `cache-mounts` restored and saved, and the time it took (filled in by `finish`). */
  mounts?: MountsReport
  /** Work left for after a successful build (saving a local cache and the cache mounts). */
  finish?: () => Promise<unknown>
}

/** The part of @actions/cache build uses (tests pass the real one against the services double, or their own). */
export interface ActionsCache {
  isFeatureAvailable(): boolean
  saveCache(paths: string[], key: string): Promise<number>
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
    options?: { lookupOnly?: boolean }
  ): Promise<string | undefined>
}

// cache-mounts (build/cache-mounts/): the mounts the input names, and what restoring and saving them did.
/** One line of `cache-mounts`: the mount's BuildKit id, and how the user named it. */
export interface CacheMount {
  /** What the user wrote (`/root/.cache/go-build`, `id=gomod`). */
  name: string
  /** The id BuildKit keys the mount by. */
  id: string
  /** Options the Dockerfile gives the mount that change its identity (uid, gid, mode). */
  options: Record<string, string>
}

export interface MountReport {
  /** As the user named it in cache-mounts. */
  name: string
  restored?: { key: string; bytes: number; entries: number }
  /** `restored` into an empty mount, `kept` (the builder's mount had contents), or why not. */
  injected?: string
  saved?: { key: string; bytes: number; entries: number }
  /** Why nothing was restored or saved (no archive yet, refused, unchanged, …). */
  notes: string[]
}

export type Phase = 'restore' | 'inject' | 'extract' | 'save'

export interface MountsReport {
  mounts: MountReport[]
  ms: Partial<Record<Phase, number>>
  /** Why the mounts are not saved (pull request, cache-write: false). */
  readOnly?: string
}
