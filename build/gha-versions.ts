// The versions the gha v2 check needs, read with three commands at once. A module of its own so
// that builds without a gha cache never load it (nor semver, which lib/buildx uses).
import { buildxVersion, docker, inspectBuilder } from '../lib/docker.js'
import type { BuilderVersions } from './gha.js'

/** buildx's, the builder's BuildKit and the engine's versions, read at once (only for gha v2). */
export async function readBuilderVersions(builder: string): Promise<BuilderVersions> {
  const [buildx, info, engine] = await Promise.all([
    buildxVersion(),
    inspectBuilder(['buildx', 'inspect', ...(builder ? [builder] : [])]).catch(() => undefined),
    docker('version', '--format', '{{.Server.Version}}').then(
      v => v.trim(),
      () => ''
    )
  ])
  return {
    buildx,
    buildkit: info?.nodes[0]?.buildkitVersion ?? '',
    driver: info?.driver ?? '',
    engine
  }
}
