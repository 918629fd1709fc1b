import { existsSync } from 'node:fs'
import type { Inputs, ListOptions } from '../lib/inputs.js'
import { InputError } from '../lib/errors.js'
import { ENTITLEMENTS } from '../lib/environment.js'
import { parseCacheEntries, type CacheEntry } from './cache/entries.js'
import { CACHE_MODES, type CacheMode } from './cache/cache-plan.js'
import { parsePolicy, type RuleName } from './frontend/policy.js'
import { parseArch, parseArchList, parseEngineOverrides, type Arch, type Engine } from '../lib/arch.js'
import { parseGitContext, type GitContext } from './git-context.js'
import { checkCacheMountInputs, parseCacheMounts, type CacheMount } from './cache-mounts/plan.js'
import { imageRepository } from '../lib/image-ref.js'
import { expandDefaultContext } from './github-context.js'
import {
  checkAnnotations,
  checkAttestInput,
  checkContext,
  checkMergeInputs,
  checkNetwork,
  checkOutputs,
  checkPlatforms,
  checkSecretFiles,
  checkSsh,
  checkTarget,
  type Exists
} from './input-values.js'

export const LOG_MODES = ['plain', 'grouped'] as const
export type LogMode = (typeof LOG_MODES)[number]

export interface BuildInputs {
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
  /** RUN --mount=type=cache mounts kept in the Actions cache, and the image that moves them. */
  cacheMounts: CacheMount[]
  cacheMountsImage: string
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

/**
 * The inputs as build-push-action reads them (lists as the Actions toolkit splits them: see
 * lib/inputs.ts), `{{defaultContext}}` expanded, and every value checked before anything runs.
 */
export function parseBuildInputs(
  inputs: Inputs,
  env: NodeJS.ProcessEnv = process.env,
  exists: Exists = existsSync
): BuildInputs {
  const lines = (name: string, o: ListOptions = {}) => inputs.list(name, { ...o, commas: false })
  const context = expandDefaultContext(inputs.line('context') || '.', 'context', env)
  const parsed: BuildInputs = {
    context,
    file: inputs.line('file'),
    tags: inputs.list('tags'),
    labels: lines('labels'),
    annotations: lines('annotations'),
    buildArgs: lines('build-args'),
    buildContexts: lines('build-contexts').map(c => expandDefaultContext(c, 'build-contexts', env)),
    target: inputs.line('target'),
    platforms: inputs.list('platforms'),
    push: inputs.bool('push'),
    load: inputs.bool('load'),
    outputs: lines('outputs', { quote: false }),
    secrets: pairs(lines('secrets', { secret: true }), 'secrets', 'id=value lines').map(([id, value]) => ({
      id,
      value
    })),
    secretFiles: pairs(lines('secret-files'), 'secret-files', 'id=path lines').map(([id, path]) => ({
      id,
      path
    })),
    secretEnvs: pairs(inputs.list('secret-envs'), 'secret-envs', 'id=VARIABLE entries').map(([id, env]) => ({
      id,
      env
    })),
    ssh: inputs.list('ssh'),
    provenance: inputs.line('provenance'),
    sbom: inputs.line('sbom'),
    noCache: inputs.bool('no-cache'),
    noCacheFilters: inputs.list('no-cache-filters'),
    pull: inputs.bool('pull'),
    network: inputs.line('network'),
    allow: inputs.list('allow'),
    addHosts: inputs.list('add-hosts'),
    shmSize: inputs.line('shm-size'),
    ulimit: lines('ulimit'),
    attests: lines('attests'),
    call: inputs.line('call'),
    cgroupParent: inputs.line('cgroup-parent'),
    githubToken: inputs.line('github-token'),
    builder: inputs.line('builder'),
    cacheFrom: parseCacheEntries(lines('cache-from'), 'cache-from'),
    cacheTo: parseCacheEntries(lines('cache-to'), 'cache-to'),
    cache: inputs.string('cache') === '' ? 'none' : inputs.oneOf('cache', CACHE_MODES),
    cacheRef: inputs.line('cache-ref'),
    cacheScope: inputs.line('cache-scope'),
    cacheWrite: inputs.string('cache-write') === '' ? true : inputs.bool('cache-write'),
    cacheMounts: parseCacheMounts(lines('cache-mounts')),
    cacheMountsImage: inputs.line('cache-mounts-image'),
    log: inputs.string('log') === '' ? 'plain' : inputs.oneOf('log', LOG_MODES),
    policy: parsePolicy(inputs.string('policy') || 'off', 'policy'),
    arch: inputs.line('arch') ? parseArch(inputs.line('arch'), 'arch') : undefined,
    merge: parseArchList(inputs.string('merge'), 'merge'),
    engine: inputs.string('engine') === '' ? 'buildkit' : inputs.oneOf('engine', ENGINES),
    git: parseGitContext(context, inputs.line('git-ref'))
  }
  checkValues(parsed, exists)
  checkMatrixInputs(parsed, inputs.string('engine-overrides'), inputs.string('git-ref'))
  checkCacheInputs(parsed)
  checkCacheMountInputs(parsed)
  if (parsed.merge.length) checkMergeInputs(parsed)
  return parsed
}

/** Each value as buildx would take it, judged here so that a bad one fails before anything runs. */
function checkValues(parsed: BuildInputs, exists: Exists): void {
  checkContext(parsed.context)
  checkTarget(parsed.target)
  checkNetwork(parsed.network)
  checkPlatforms(parsed.platforms)
  checkOutputs(parsed.outputs)
  checkAnnotations(parsed.annotations)
  checkAttestInput('provenance', parsed.provenance)
  checkAttestInput('sbom', parsed.sbom)
  checkSsh(parsed.ssh, exists)
  checkSecretFiles(parsed.secretFiles, exists)
  for (const a of parsed.buildArgs)
    if (!/^[^=\s]+=/.test(a) && !/^[A-Za-z_]\w*$/.test(a)) {
      throw new InputError(
        'build-args',
        a,
        'NAME=value lines (or a bare NAME to pass it from the environment)'
      )
    }
  for (const l of parsed.labels)
    if (!/^[^=\s]+=/.test(l)) throw new InputError('labels', l, 'name=value lines')
  for (const c of parsed.buildContexts)
    if (!/^[^=\s]+=.+/.test(c)) {
      throw new InputError('build-contexts', c, 'name=path|docker-image://ref|target:stage lines')
    }
  for (const e of parsed.allow)
    if (!(ENTITLEMENTS as readonly string[]).includes(e))
      throw new InputError('allow', e, ENTITLEMENTS.join(' | '))
  for (const h of parsed.addHosts)
    if (!/^[^:=\s]+[:=].+$/.test(h)) throw new InputError('add-hosts', h, 'host:ip entries')
  if (parsed.shmSize && !/^\d+(\.\d+)?[bkmg]?$/i.test(parsed.shmSize)) {
    throw new InputError('shm-size', parsed.shmSize, 'a size such as 64m or 2g')
  }
  for (const u of parsed.ulimit)
    if (!/^[a-z]+=-?\d+(:-?\d+)?$/.test(u)) {
      throw new InputError('ulimit', u, 'type=soft[:hard] lines, such as nofile=1024:1024')
    }
  for (const a of parsed.attests)
    if (!/^type=[a-z]+(,|$)/.test(a))
      throw new InputError('attests', a, 'type=provenance|sbom[,key=value…] lines')
  if (parsed.call && !/^(build|check|outline|targets)(,[a-z]+=[^,]*)*$/.test(parsed.call))
    throw new InputError('call', parsed.call, 'build | check | outline | targets (optionally ,format=json)')
}

const ENGINES = ['buildkit', 'classic'] as const

/** arch, merge, engine-overrides and git-ref, checked against each other; a leg's platform set. */
function checkMatrixInputs(i: BuildInputs, overrides: string, gitRef: string): void {
  const arch = i.arch
  if (arch) {
    if (i.platforms.length)
      throw new InputError(
        'platforms',
        i.platforms.join(','),
        `nothing when arch is set (the leg builds ${arch.platform})`
      )
    i.platforms = [arch.buildPlatform]
    if (i.push && !i.tags.length)
      throw new InputError(
        'tags',
        '',
        'the image the legs push to by digest (the same tags as the merge job)'
      )
    if (i.push && i.outputs.length)
      throw new InputError(
        'outputs',
        i.outputs.join(' '),
        'nothing with arch and push (the leg pushes by digest)'
      )
    if (i.push && i.load)
      throw new InputError('load', 'true', 'false with arch and push (the leg pushes by digest, untagged)')
  }
  if (i.merge.length) {
    if (arch)
      throw new InputError(
        'merge',
        i.merge.map(a => a.bashbrew).join(','),
        'nothing when arch is set (merge runs in a job after the legs)'
      )
    if (!i.tags.length) throw new InputError('tags', '', 'at least one tag for the merged image')
  }
  const byArch = parseEngineOverrides(overrides, 'engine-overrides')
  if (byArch.size) {
    if (!arch && !i.merge.length)
      throw new InputError('engine-overrides', overrides, 'with arch (each leg picks its engine by its arch)')
    i.engine = (arch && byArch.get(arch.slug)) || i.engine
  }
  if (gitRef && !i.git)
    throw new InputError('git-ref', gitRef, `with context: git or git:<subdir> (context is '${i.context}')`)
}

const REF_MODES: CacheMode[] = ['inline', 'min', 'max', 'registry']
const SCOPE_MODES: CacheMode[] = ['gha', 'local']

/** cache-ref and cache-scope belong to some modes only: given with another, they would be ignored. */
function checkCacheInputs(i: BuildInputs): void {
  if (i.cacheRef) {
    if (!REF_MODES.includes(i.cache)) {
      throw new InputError(
        'cache-ref',
        i.cacheRef,
        `with cache: ${REF_MODES.join(' | ')} (cache is '${i.cache}')`
      )
    }
    const repo = imageRepository(i.cacheRef)
    if (!/^[^\s,"=]+$/.test(i.cacheRef) || repo !== repo.toLowerCase()) {
      throw new InputError(
        'cache-ref',
        i.cacheRef,
        'an image repository or repository:tag, such as ghcr.io/acme/app:cache'
      )
    }
  }
  if (i.cacheScope) {
    if (!SCOPE_MODES.includes(i.cache) && !i.cacheMounts.length) {
      throw new InputError(
        'cache-scope',
        i.cacheScope,
        `with cache: ${SCOPE_MODES.join(' | ')} or cache-mounts (cache is '${i.cache}')`
      )
    }
    // The scope becomes part of a cache key and, for local, of a directory: no way out of either.
    const segments = i.cacheScope.split('/')
    if (!/^[^\s,"\\]+$/.test(i.cacheScope) || segments.some(s => s === '' || s === '.' || s === '..'))
      throw new InputError(
        'cache-scope',
        i.cacheScope,
        'a scope name: no spaces, commas, quotes or backslashes; /-separated names, none of them . or ..'
      )
  }
}

/** `id=value` entries (the peer's parseSecretKvp): the id before the first `=`, a value after it, neither
 * empty. A value is kept as given (a quoted secret keeps its whitespace and final newline). */
function pairs(values: string[], input: string, accepted: string): [string, string][] {
  return values.map(v => {
    const eq = v.indexOf('=')
    if (eq < 1 || eq === v.length - 1 || v.slice(0, eq).trim() === '')
      throw new InputError(input, input === 'secrets' ? maskValue(v) : v, accepted)
    return [v.slice(0, eq).trim(), v.slice(eq + 1)]
  })
}

/** A malformed secret line may itself be the secret: never echo it. */
const maskValue = (v: string) => `<${v.length} characters hidden>`
