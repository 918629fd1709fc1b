// The inputs checked against each other, before anything runs: a matrix leg's and a merge's inputs, the
// cache mode with what it needs, and what the classic builder cannot do. Each refusal is one line naming
// the input (README: Bad input); nothing here waits for a command to find it out.
import type { Inputs } from '../../lib/inputs.js'
import { parseEngineOverrides } from '../../lib/arch.js'
import { InputError, UserError } from '../../lib/errors.js'
import { SYNTAX_PER_DOCKERFILE } from '../../lib/frontend.js'
import { parseImageRef, tryParseImageRef } from '../../lib/image-ref.js'
import type { BuildInputs, CacheMode, CacheMount, FrontendFacts } from '../model.js'
import { ACTION_INPUTS } from './action-inputs.js'

/** Every check of inputs against each other and against what setup-builder set up (`setup`: the pinned
 * frontend, the entitlements granted); `raw` gives the inputs as written (merge, engine-overrides). */
export function checkCombinations(i: BuildInputs, raw: Inputs, setup: FrontendFacts): void {
  checkMatrixInputs(i, raw.string('engine-overrides'), raw.string('git-ref'))
  if (i.merge.length) return checkMergeInputs(raw)
  checkCacheInputs(i)
  checkCacheMountInputs(i)
  checkPinConflicts(i.buildArgs, i.buildContexts, setup.pinned)
  checkEntitlements(i.allow, setup.entitlements)
  if (i.engine === 'classic') checkClassicInputs(i)
}

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

/** cache-ref and cache-scope belong to some modes only (given with another, they would be ignored), and
 * a mode that names the cache after an image needs one. */
export function checkCacheInputs(i: BuildInputs): void {
  if (i.cacheRef && !REF_MODES.includes(i.cache))
    throw new InputError(
      'cache-ref',
      i.cacheRef,
      `with cache: ${REF_MODES.join(' | ')} (cache is '${i.cache}')`
    )
  if (i.cacheScope && !SCOPE_MODES.includes(i.cache) && !i.cacheMounts.length)
    throw new InputError(
      'cache-scope',
      i.cacheScope,
      `with cache: ${SCOPE_MODES.join(' | ')} or cache-mounts (cache is '${i.cache}')`
    )
  if (i.cache === 'inline' && !i.cacheRef && !i.tags.length)
    throw new InputError(
      'cache',
      i.cache,
      "'inline' needs tags (or cache-ref) to name the image that carries the cache"
    )
  if (['min', 'max', 'registry'].includes(i.cache)) {
    // The registry cache is written to cache-ref: a digest names content, nothing can be written to it.
    if (i.cacheRef.includes('@'))
      throw new InputError(
        'cache-ref',
        i.cacheRef,
        'an image repository or repository:tag to write the cache to, not a digest'
      )
    if (!i.cacheRef && !i.tags.length)
      throw new InputError(
        'cache',
        i.cache,
        `'${i.cache}' needs cache-ref or tags to name the registry repository for the cache`
      )
  }
}

// The inputs that mean something to a merge (it joins the legs' images into one index under the tags);
// every other input of action.yml, given with merge, is refused rather than ignored.
const MERGE_INPUTS = new Set([
  'merge',
  'tags',
  // the index's annotations (index: and manifest-descriptor:)
  'annotations',
  // the builder imagetools create runs on
  'builder',
  // the merge always pushes: `push: true` says so
  'push',
  // the legs' `with:` shared with the merge job: each leg picks its engine by its arch
  'engine-overrides',
  // defaults to the job's token, so always set
  'github-token'
])

/** A merge creates an index from the legs' images and builds nothing: an input it does not use, set to
 * anything but its default (action.yml), fails naming it. */
export function checkMergeInputs(raw: Inputs): void {
  for (const [name, byDefault] of Object.entries(ACTION_INPUTS)) {
    if (MERGE_INPUTS.has(name)) continue
    const value = raw.string(name).trim()
    if (value !== '' && value !== byDefault)
      throw new InputError(
        name,
        name === 'secrets' ? '<hidden>' : value,
        'nothing with merge (the merge builds nothing: give it to the matrix legs, which build)'
      )
  }
}

/** What the classic builder (DOCKER_BUILDKIT=0 docker build) cannot do, refused before it is started. */
export function checkClassicInputs(i: BuildInputs): void {
  const unsupported: [boolean, string][] = [
    [
      i.cacheTo.length > 0,
      'cache-to (the classic builder exports no cache: give a pushed image in cache-from, or use engine: buildkit)'
    ],
    [i.outputs.length > 0, 'outputs'],
    [i.secrets.length + i.secretFiles.length + i.secretEnvs.length > 0, 'secrets'],
    [i.ssh.length > 0, 'ssh'],
    [i.buildContexts.length > 0, 'build-contexts'],
    [i.annotations.length > 0, 'annotations'],
    [i.provenance !== '' && i.provenance !== 'false', 'provenance'],
    [i.sbom !== '' && i.sbom !== 'false', 'sbom'],
    [i.platforms.length > 1, 'several platforms'],
    [i.noCacheFilters.length > 0, 'no-cache-filters'],
    [i.allow.length > 0, 'allow'],
    [i.attests.length > 0, 'attests'],
    [i.call !== '' && i.call !== 'build', 'call'],
    [i.cacheFrom.some(e => e.type !== 'registry'), 'cache-from other than image references'],
    [i.cache !== 'none', `cache: ${i.cache} (it reads cache only from images: give one in cache-from)`]
  ]
  const refused = unsupported.filter(([bad]) => bad).map(([, what]) => what)
  if (refused.length)
    throw new UserError(`engine classic: the classic builder does not support ${refused.join(', ')}`)
}

// What setup-builder set up for the job: its pinned frontend and the entitlements it granted.

/** While the pin is on, nothing may replace it: no BUILDKIT_SYNTAX build-arg, no build context named after the frontend. */
export function checkPinConflicts(buildArgs: string[], buildContexts: string[], pinned: string): void {
  if (!pinned) return
  const arg = buildArgs.find(a => /^BUILDKIT_SYNTAX(=|$)/.test(a))
  if (arg)
    throw new InputError(
      'build-args',
      arg,
      `no BUILDKIT_SYNTAX while setup-builder pins the frontend to ${pinned}`
    )
  const pinnedRepo = pinned === SYNTAX_PER_DOCKERFILE ? undefined : repoOf(pinned)
  const ctx = pinnedRepo && buildContexts.find(c => repoOf(c.slice(0, c.indexOf('='))) === pinnedRepo)
  if (ctx) {
    throw new InputError(
      'build-contexts',
      ctx,
      `no context named after the pinned frontend ${pinned} (it would replace it)`
    )
  }
}

const repoOf = (ref: string) => {
  const r = tryParseImageRef(ref)
  return r ? `${r.registry}/${r.repository}` : undefined
}

/** `allow` may only name entitlements setup-builder granted (when it ran). */
export function checkEntitlements(allow: string[], granted: string[] | undefined): void {
  if (granted === undefined) return
  const extra = allow.find(e => !granted.includes(e))
  if (extra) {
    throw new InputError(
      'allow',
      extra,
      `${granted.length ? granted.join(' | ') : 'none'}: the entitlements setup-builder granted (its allow-insecure-entitlements input)`
    )
  }
}

/** cache-mounts against the other inputs: BuildKit only; the helper image a valid reference. */
function checkCacheMountInputs(i: {
  cacheMounts: CacheMount[]
  cacheMountsImage: string
  engine: string
}): void {
  if (!i.cacheMounts.length) return
  if (i.engine === 'classic')
    throw new InputError(
      'cache-mounts',
      i.cacheMounts.map(m => m.name).join(' '),
      'nothing with engine: classic (the classic builder has no cache mounts)'
    )
  parseImageRef(i.cacheMountsImage, 'cache-mounts-image')
}
