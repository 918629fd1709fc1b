// What the build reads about buildx and the builder, only when a feature needs it: the gha v2 version
// check, a matrix leg's driver and platforms, `call`'s buildx version. A module of its own, loaded on
// demand, so that other builds never load it (nor semver, which lib/buildx uses).
import semver from 'semver'
import { buildxVersion, docker, inspectBuilder, mainPlatforms } from '../../lib/buildx.js'
import { UserError } from '../../lib/errors.js'
import type { BuilderVersions } from '../cache/gha.js'
import type { LegFacts } from '../model.js'

const inspect = (builder: string) => inspectBuilder(['buildx', 'inspect', ...(builder ? [builder] : [])])

/** buildx's, the builder's BuildKit and the engine's versions, read at once (only for gha v2). */
export async function readBuilderVersions(builder: string): Promise<BuilderVersions> {
  const [buildx, info, engine] = await Promise.all([
    buildxVersion(),
    inspect(builder).catch(() => undefined),
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

/** A leg's builder: its driver (how the leg pushes) and what it can run (emulators included). */
export async function readLegFacts(builder: string): Promise<LegFacts> {
  const info = await inspect(builder)
  return { builder: info.name, driver: info.driver, platforms: mainPlatforms(info.nodes) }
}

/** `--call` came with buildx 0.15: an older one would fail on an unknown flag. */
export async function checkCallSupport(call: string): Promise<void> {
  const version = await buildxVersion()
  if (semver.lt(version, '0.15.0'))
    throw new UserError(
      `call: ${call} needs buildx >= 0.15 (this runner has buildx ${version}); leave call empty to build`
    )
}
