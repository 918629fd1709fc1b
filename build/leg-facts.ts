// The builder's driver and platforms for a leg: one `buildx inspect`, in a module of its own so that
// builds without arch never load it (nor semver, which lib/buildx uses).
import { mainPlatforms, parseInspect } from '../lib/buildx.js'
import { dockerBuildx } from '../lib/buildx-plugin.js'
import type { LegFacts } from './leg.js'

export async function readLegFacts(builder: string): Promise<LegFacts> {
  const info = parseInspect(await dockerBuildx(['buildx', 'inspect', ...(builder ? [builder] : [])]))
  return { builder: info.name, driver: info.driver, platforms: mainPlatforms(info.nodes) }
}
