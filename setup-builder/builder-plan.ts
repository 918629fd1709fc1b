// Pure planning: which builder to use, its name, the files it needs and the exact buildx argv to
// create, extend, inspect and remove it (setup-buildx-action's argument order).
import { InputError } from '../lib/errors.js'
import { configuresBuilder, DEFAULT_BUILDKIT_IMAGE, type SetupInputs } from './inputs.js'
import { appendArgs, type AppendNode } from './nodes.js'
import { csvField, driverOpt, nodeFlags } from './options.js'

export interface EngineFacts {
  /** The engine keeps images in containerd (`driver-type io.containerd.snapshotter.v1`): its builder exports cache. */
  containerdStore: boolean
  /** The docker context in use; its name is the docker-driver builder's name. */
  context: string
}

export type ResolvedDriver = Exclude<SetupInputs['driver'], 'auto'>

export interface BuilderPlan {
  name: string
  driver: ResolvedDriver
  /** argv that creates the builder; undefined when an existing one is used. */
  create?: string[]
  /** argv of each `create --append`, run after create. */
  append: string[][]
  /** argv that reports the builder (bootstrapping a created one). */
  inspect: string[]
  /** This step's own folder for the files below (created fresh; removed by the post step). */
  dir: string
  /** Files to write into dir before creating (path → content), readable by the runner user only. */
  files: Record<string, string>
  /** Values to mask in the log (TLS private keys). */
  secrets: string[]
}

export interface PlanContext {
  /** Something unique to this step run (a short random). */
  unique: string
  /** RUNNER_TEMP */
  tempDir: string
  /** The environment: GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_JOB, BUILDER_NODE_<n>_AUTH_TLS_*. */
  env: Record<string, string | undefined>
  nodes: AppendNode[]
}

/** `auto` picks the docker driver when the engine's own builder can export cache, saving the
 * moby/buildkit pull and container start of docker-container; any input that only a created builder
 * takes (driver-opts, buildkitd-config, keep-state, …) asks for docker-container. */
export function resolveDriver(inputs: SetupInputs, facts: EngineFacts): ResolvedDriver {
  if (inputs.driver !== 'auto') return inputs.driver
  if (configuresBuilder(inputs)) return 'docker-container'
  return facts.containerdStore ? 'docker' : 'docker-container'
}

/** A generated name that no other job, matrix leg or attempt on a shared engine has:
 * builder-<run id>-<attempt>-<job>-<random>, lower case as buildx keeps names. */
export function generatedName(env: PlanContext['env'], unique: string): string {
  const parts = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT, env.GITHUB_JOB].filter(Boolean) as string[]
  return ['builder', ...parts, unique]
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
}

/** Drivers whose BuildKit daemon buildx starts from an image (and with flags). */
const RUNS_BUILDKITD: readonly string[] = ['docker-container', 'kubernetes']

/** setup-buildx-action's certificate handling (actions-toolkit resolveCertsDriverOpts): for the
 * remote driver and a tcp:// endpoint, BUILDER_NODE_<n>_AUTH_TLS_CACERT|CERT|KEY are written to
 * cacert_|cert_|key_<host>[-<port>].pem and passed as cacert=, cert=, key=. */
export function tlsOpts(
  driver: ResolvedDriver,
  endpoint: string,
  index: number,
  ctx: { dir: string; env: PlanContext['env'] }
): { opts: string[]; files: Record<string, string>; secrets: string[] } {
  const none = { opts: [], files: {}, secrets: [] }
  if (driver !== 'remote') return none
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return none
  }
  if (url.protocol !== 'tcp:') return none
  const host = url.port ? `${url.hostname}-${url.port}` : url.hostname
  const out: { opts: string[]; files: Record<string, string>; secrets: string[] } = {
    opts: [],
    files: {},
    secrets: []
  }
  for (const kind of ['cacert', 'cert', 'key'] as const) {
    const value = ctx.env[`BUILDER_NODE_${index}_AUTH_TLS_${kind.toUpperCase()}`]
    if (!value) continue
    const path = `${ctx.dir}/certs/${kind}_${host}.pem`
    out.files[path] = value
    out.opts.push(csvField(`${kind}=${path}`))
    if (kind === 'key') out.secrets.push(...value.split('\n').filter(l => l.trim() && !l.startsWith('-----')))
  }
  return out
}

/** The image option buildkit-image adds: none for buildx's default or when driver-opts name the same
 * image; a different image in driver-opts is a conflict. */
function imageOpt(inputs: SetupInputs): string[] {
  const given = driverOpt(inputs.driverOpts, 'image')
  if (inputs.buildkitImage === DEFAULT_BUILDKIT_IMAGE || given === inputs.buildkitImage) return []
  if (given !== undefined) {
    throw new InputError(
      'buildkit-image',
      inputs.buildkitImage,
      `the image driver-opts names (image=${given}), or leave one of the two at its default`
    )
  }
  return [csvField(`image=${inputs.buildkitImage}`)]
}

/** The name of the folder a step run makes in RUNNER_TEMP for its builder's files (`unique`: 8 hex). */
export const STEP_DIR = /^setup-builder-[0-9a-f]{8}$/

export function planBuilder(inputs: SetupInputs, facts: EngineFacts, ctx: PlanContext): BuilderPlan {
  const driver = resolveDriver(inputs, facts)
  const dir = `${ctx.tempDir}/setup-builder-${ctx.unique}`
  if (driver === 'docker') {
    const name = inputs.name || facts.context
    return { name, driver, append: [], inspect: ['buildx', 'inspect', name], dir, files: {}, secrets: [] }
  }
  const name = inputs.name || generatedName(ctx.env, ctx.unique)
  const runsBuildkitd = RUNS_BUILDKITD.includes(driver)
  const tls = tlsOpts(driver, inputs.endpoint, 0, { dir, env: ctx.env })
  const files: Record<string, string> = { ...tls.files }
  const secrets = [...tls.secrets]

  const create = ['buildx', 'create', '--name', name, '--driver', driver]
  for (const o of inputs.driverOpts) create.push('--driver-opt', o.line)
  for (const o of [...(runsBuildkitd ? imageOpt(inputs) : []), ...tls.opts]) create.push('--driver-opt', o)
  // No insecure entitlement unless asked for (setup-buildx-action grants network.host and security.insecure).
  const flags = runsBuildkitd ? nodeFlags(inputs.buildkitdFlags, inputs.entitlements) : inputs.buildkitdFlags
  if (flags) create.push('--buildkitd-flags', flags)
  if (inputs.platforms.length) create.push('--platform', inputs.platforms.join(','))
  if (inputs.use) create.push('--use')
  if (inputs.buildkitdConfig) create.push('--buildkitd-config', inputs.buildkitdConfig)
  else if (inputs.buildkitdConfigInline) {
    const path = `${dir}/buildkitd.toml`
    files[path] = inputs.buildkitdConfigInline
    create.push('--buildkitd-config', path)
  }
  if (inputs.endpoint) create.push(inputs.endpoint)

  const append = ctx.nodes.map((node, i) => {
    const nodeTls = tlsOpts(driver, node.endpoint, i + 1, { dir, env: ctx.env })
    Object.assign(files, nodeTls.files)
    secrets.push(...nodeTls.secrets)
    return appendArgs(name, node, {
      runsBuildkitd,
      entitlements: inputs.entitlements,
      extraOpts: nodeTls.opts
    })
  })
  return {
    name,
    driver,
    create,
    append,
    inspect: ['buildx', 'inspect', '--bootstrap', name],
    dir,
    files,
    secrets
  }
}

/** The post step's removal: `--keep-state` keeps the builder's state volume for the next job. */
export const removeArgs = (name: string, keepState: boolean): string[] => [
  'buildx',
  'rm',
  ...(keepState ? ['--keep-state'] : []),
  '--force',
  name
]
