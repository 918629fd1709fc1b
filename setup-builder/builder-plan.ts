// Pure planning: which builder to use, and the exact buildx argv to create and inspect it.
import type { SetupInputs } from './inputs.js'

export interface EngineFacts {
  /** The engine keeps images in containerd (`driver-type io.containerd.snapshotter.v1`): its builder exports cache. */
  containerdStore: boolean
  /** The docker context in use; its name is the docker-driver builder's name. */
  context: string
}

export interface BuilderPlan {
  name: string
  driver: 'docker' | 'docker-container' | 'remote'
  /** argv for `docker` that creates the builder; undefined when an existing one is used. */
  create?: string[]
  /** argv for `docker` that reports the builder (bootstrapping a created one). */
  inspect: string[]
  /** Files to write before creating (path → content). */
  files: Record<string, string>
}

/** `auto` picks the docker driver when the engine's own builder can export cache, saving the
 * moby/buildkit pull and container start of docker-container. */
export function resolveDriver(inputs: SetupInputs, facts: EngineFacts): BuilderPlan['driver'] {
  if (inputs.driver !== 'auto') return inputs.driver
  return facts.containerdStore ? 'docker' : 'docker-container'
}

export function planBuilder(
  inputs: SetupInputs,
  facts: EngineFacts,
  ctx: { runId: string; tempDir: string }
): BuilderPlan {
  const driver = resolveDriver(inputs, facts)
  if (driver === 'docker') {
    const name = inputs.name || facts.context
    return { name, driver, inspect: ['buildx', 'inspect', name], files: {} }
  }
  const name = inputs.name || `builder-${ctx.runId}`
  const files: Record<string, string> = {}
  const create = ['buildx', 'create', '--name', name, '--driver', driver]
  for (const opt of inputs.driverOpts) create.push('--driver-opt', opt)
  if (inputs.buildkitdConfigInline) {
    const path = `${ctx.tempDir}/buildkitd-${name}.toml`
    files[path] = inputs.buildkitdConfigInline
    create.push('--buildkitd-config', path)
  }
  if (inputs.platforms.length) create.push('--platform', inputs.platforms.join(','))
  // No insecure entitlement unless asked for (other setups grant network.host and security.insecure).
  if (inputs.entitlements.length && driver === 'docker-container') {
    create.push(
      '--buildkitd-flags',
      inputs.entitlements.map(e => `--allow-insecure-entitlement=${e}`).join(' ')
    )
  }
  if (driver === 'remote') create.push(inputs.endpoint)
  return { name, driver, create, inspect: ['buildx', 'inspect', '--bootstrap', name], files }
}
