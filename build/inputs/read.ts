// The build action's inputs read (action.yml's names → typed values), then checked: each value on its
// own (values.ts), then against each other (combinations.ts). Everything after reads BuildInputs.
import { existsSync } from 'node:fs'
import { parseArch, parseArchList } from '../../lib/arch.js'
import { InputError } from '../../lib/errors.js'
import type { Inputs, ListOptions } from '../../lib/inputs.js'
import { parseCacheEntries } from '../cache/entries.js'
import { frontendFacts } from '../frontend/frontend.js'
import { parsePolicy } from '../frontend/policy-input.js'
import { parseCacheMounts } from '../cache-mounts/input.js'
import { CACHE_MODES, ENGINES, LOG_MODES, type BuildInputs } from '../model.js'
import { expandDefaultContext } from '../workflow-run.js'
import { checkCombinations } from './combinations.js'
import { checkValues, parseGitContext, type Exists } from './values.js'

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
    cacheMounts: parseCacheMounts(lines('cache-mounts')),
    cacheMountsImage: inputs.line('cache-mounts-image'),
    cacheWrite: inputs.string('cache-write') === '' ? true : inputs.bool('cache-write'),
    log: inputs.string('log') === '' ? 'plain' : inputs.oneOf('log', LOG_MODES),
    policy: parsePolicy(inputs.string('policy') || 'off', 'policy'),
    arch: inputs.line('arch') ? parseArch(inputs.line('arch'), 'arch') : undefined,
    merge: parseArchList(inputs.string('merge'), 'merge'),
    engine: inputs.string('engine') === '' ? 'buildkit' : inputs.oneOf('engine', ENGINES),
    git: parseGitContext(context, inputs.line('git-ref'))
  }
  checkValues(parsed, exists)
  checkCombinations(parsed, inputs, frontendFacts(env))
  return parsed
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
