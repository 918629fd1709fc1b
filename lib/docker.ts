// Facts read from the docker CLI and engine, each with one command.
import { output } from './exec.js'
import { parseBuildxVersion, parseInspect, type BuilderInfo } from './buildx.js'
import { dockerBuildx } from './buildx-plugin.js'

export const docker = (...args: string[]) => output({ cmd: 'docker', args })

export async function buildxVersion(): Promise<string> {
  return parseBuildxVersion(await dockerBuildx(['buildx', 'version']))
}

export async function inspectBuilder(argv: string[]): Promise<BuilderInfo> {
  return parseInspect(await dockerBuildx(argv))
}

/** Whether the engine keeps images in containerd (its builder can then export cache and multi-platform images). */
export async function engineUsesContainerd(): Promise<boolean> {
  const status = await docker('info', '--format', '{{json .DriverStatus}}')
  return status.includes('io.containerd.snapshotter')
}

/** The docker context in use: DOCKER_HOST overrides contexts, so it means `default`. */
export async function currentContext(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.DOCKER_HOST) return 'default'
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT
  return (await docker('context', 'show')).trim()
}
