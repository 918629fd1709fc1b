// prune's inputs, parsed and cross-checked before anything runs: every mistake is one line naming the
// input, what was given and what is accepted.
import { InputError } from '../lib/errors.js'
import type { Inputs } from '../lib/inputs.js'
import { splitRepository } from '../lib/image-ref.js'

export const TARGETS = ['builder', 'gha', 'registry'] as const
export type Target = (typeof TARGETS)[number]

export const GHA_SELECTORS = [
  'closed-prs',
  'deleted-branches',
  'stale',
  'key-prefix',
  'max-total-size'
] as const
export type GhaSelector = (typeof GHA_SELECTORS)[number]

export interface GhaOptions {
  selectors: GhaSelector[]
  olderThanMs?: number
  keyPrefixes: string[]
  maxTotalSize?: number
  includeDefaultBranch: boolean
  /** Only entries of these refs may be deleted (empty: every ref). */
  refs: string[]
  buildkitGc: boolean
  gcGraceMs: number
  token: string
  deletesPerMinute: number
}

export interface RegistryRepo {
  /** As given: `localhost:5000/cache`, `ghcr.io/acme/app-cache`. */
  ref: string
  /** The host the distribution API answers on (docker.io → registry-1.docker.io). */
  host: string
  name: string
}

export interface RegistryOptions {
  repos: RegistryRepo[]
  keepTags: string[]
  olderThanMs?: number
  /** Delete images too, not only BuildKit cache. */
  images: boolean
  /** ghcr.io repositories: the REST token (packages: write) and the pace of version deletions. */
  token: string
  deletesPerMinute: number
}

export interface PruneInputs {
  targets: Target[]
  /** builder target (flat, as the builder planner reads them) */
  builder: string
  keepStorage?: number
  maxUsedSpace?: number
  untilMs?: number
  all: boolean
  gha: GhaOptions
  registry: RegistryOptions
  dryRun: boolean
}

const ONE_HOUR = 3600e3

export function parsePruneInputs(inputs: Inputs): PruneInputs {
  const given = (name: string) => inputs.string(name) !== ''
  const builderGiven =
    ['builder', 'keep-storage', 'max-used-space', 'until'].some(given) || inputs.bool('all')
  const ghaGiven = given('gha') || inputs.bool('buildkit-gc')
  const registryGiven = given('registry-repos')
  const targets = parseTargets(inputs, { builder: builderGiven, gha: ghaGiven, registry: registryGiven })

  const out: PruneInputs = {
    targets,
    builder: inputs.string('builder'),
    keepStorage: inputs.size('keep-storage'),
    maxUsedSpace: inputs.size('max-used-space'),
    untilMs: inputs.duration('until'),
    all: inputs.bool('all'),
    gha: parseGha(inputs),
    registry: parseRegistry(inputs),
    dryRun: inputs.bool('dry-run')
  }
  crossCheck(inputs, out, { builderGiven, ghaGiven, registryGiven })
  return out
}

/** An explicit list, or inferred from the inputs given: gha, registry, else builder. */
function parseTargets(inputs: Inputs, implied: Record<Target, boolean>): Target[] {
  const listed = inputs.list('target')
  for (const t of listed)
    if (!(TARGETS as readonly string[]).includes(t)) throw new InputError('target', t, TARGETS.join(' | '))
  if (listed.length) return TARGETS.filter(t => listed.includes(t))
  const inferred = TARGETS.filter(t => t !== 'builder' && implied[t])
  return implied.builder || !inferred.length ? ['builder', ...inferred] : inferred
}

function parseGha(inputs: Inputs): GhaOptions {
  const selectors = inputs.list('gha')
  for (const s of selectors)
    if (!(GHA_SELECTORS as readonly string[]).includes(s))
      throw new InputError('gha', s, GHA_SELECTORS.join(' | '))
  const refs = inputs.list('refs')
  for (const r of refs)
    if (!/^refs\/(heads|pull|tags)\/\S+$/.test(r))
      throw new InputError('refs', r, 'git refs such as refs/pull/42/merge or refs/heads/feature')
  return {
    selectors: GHA_SELECTORS.filter(s => selectors.includes(s)),
    olderThanMs: inputs.duration('older-than'),
    keyPrefixes: inputs.list('key-prefix'),
    maxTotalSize: inputs.size('max-total-size'),
    includeDefaultBranch: inputs.bool('include-default-branch'),
    refs,
    buildkitGc: inputs.bool('buildkit-gc'),
    gcGraceMs: inputs.duration('gc-grace') ?? ONE_HOUR,
    token: inputs.string('token'),
    deletesPerMinute: deletesPerMinute(inputs)
  }
}

function deletesPerMinute(inputs: Inputs): number {
  const perMinute = inputs.string('deletes-per-minute') || '180'
  if (!/^[1-9]\d*$/.test(perMinute))
    throw new InputError('deletes-per-minute', perMinute, 'a positive integer')
  return Number(perMinute)
}

function parseRegistry(inputs: Inputs): RegistryOptions {
  return {
    repos: inputs.list('registry-repos').map(parseRepo),
    keepTags: inputs.list('keep-tags'),
    olderThanMs: inputs.duration('older-than'),
    images: inputs.bool('registry-images'),
    token: inputs.string('token'),
    deletesPerMinute: deletesPerMinute(inputs)
  }
}

/** `host[:port]/name` (a bare `name` or `user/name` is on Docker Hub); no tag or digest. */
export function parseRepo(ref: string): RegistryRepo {
  const accepted = 'repositories such as ghcr.io/acme/app-cache or localhost:5000/cache, without a tag'
  const m =
    /^(?:([a-zA-Z0-9.-]+(?::\d+)?|\[[0-9a-fA-F:]+\](?::\d+)?)\/)?([a-z0-9]+(?:[._/-][a-z0-9]+)*)$/.exec(ref)
  if (!m) throw new InputError('registry-repos', ref, accepted)
  const repo = { ref, ...splitRepository(ref) }
  if (/[A-Z]/.test(repo.host.replace(/^\[.*\]/, ''))) throw new InputError('registry-repos', ref, accepted)
  return repo
}

function crossCheck(
  inputs: Inputs,
  i: PruneInputs,
  g: { builderGiven: boolean; ghaGiven: boolean; registryGiven: boolean }
): void {
  const has = (t: Target) => i.targets.includes(t)
  const only = (input: string, target: Target, condition: boolean) => {
    if (condition && !has(target))
      throw new InputError(input, inputs.string(input), `empty unless target includes ${target}`)
  }
  for (const name of ['keep-storage', 'max-used-space', 'until', 'builder'])
    only(name, 'builder', inputs.string(name) !== '')
  only('gha', 'gha', inputs.string('gha') !== '')
  only('buildkit-gc', 'gha', i.gha.buildkitGc)
  only('registry-repos', 'registry', g.registryGiven)
  only('registry-images', 'registry', i.registry.images)

  const gha = i.gha
  const sel = (s: GhaSelector) => gha.selectors.includes(s)
  if (has('gha')) {
    if (!gha.selectors.length && !gha.buildkitGc)
      throw new InputError(
        'gha',
        '',
        `${GHA_SELECTORS.join(' | ')} (target gha needs a selector or buildkit-gc: true)`
      )
    if (!gha.token)
      throw new InputError('token', '', 'a token with actions: write (the default is github.token)')
    if (sel('stale') && gha.olderThanMs === undefined)
      throw new InputError('older-than', '', 'a duration such as 7d (gha: stale needs it)')
    if (sel('key-prefix') && !gha.keyPrefixes.length)
      throw new InputError('key-prefix', '', 'one or more cache key prefixes (gha: key-prefix needs them)')
    if (sel('max-total-size') && gha.maxTotalSize === undefined)
      throw new InputError('max-total-size', '', 'a size such as 5GB (gha: max-total-size needs it)')
  }
  // A parameter without its selector would silently do nothing: say so instead.
  if (gha.keyPrefixes.length && !sel('key-prefix'))
    throw new InputError('key-prefix', inputs.string('key-prefix'), 'empty unless gha includes key-prefix')
  if (gha.maxTotalSize !== undefined && !sel('max-total-size'))
    throw new InputError(
      'max-total-size',
      inputs.string('max-total-size'),
      'empty unless gha includes max-total-size'
    )
  if (gha.refs.length && !has('gha'))
    throw new InputError('refs', inputs.string('refs'), 'empty unless target includes gha')

  if (has('registry')) {
    if (!i.registry.repos.length)
      throw new InputError('registry-repos', '', 'one or more repositories such as ghcr.io/acme/app-cache')
    if (i.registry.olderThanMs === undefined && !i.registry.keepTags.length)
      throw new InputError(
        'older-than',
        '',
        'a duration such as 7d (target registry needs older-than, keep-tags or both)'
      )
    if (i.registry.repos.some(r => r.host === 'ghcr.io') && !i.registry.token)
      throw new InputError('token', '', 'a token with packages: write (ghcr.io deletes through the REST API)')
  } else if (i.registry.keepTags.length)
    throw new InputError('keep-tags', inputs.string('keep-tags'), 'empty unless target includes registry')
  if (inputs.string('older-than') !== '' && !has('registry') && !(has('gha') && sel('stale')))
    throw new InputError(
      'older-than',
      inputs.string('older-than'),
      'empty unless gha includes stale or target includes registry'
    )
}
