// The builder's driver and platforms for a leg: one `buildx inspect`, in a module of its own so that
// builds without arch never load it (nor semver, which lib/buildx uses).
import { mainPlatforms } from '../lib/buildx.js'
import { inspectBuilder } from '../lib/docker.js'
import type { LegFacts } from './leg.js'

export async function readLegFacts(builder: string): Promise<LegFacts> {
  const info = await inspectBuilder(['buildx', 'inspect', ...(builder ? [builder] : [])])
  return { builder: info.name, driver: info.driver, platforms: mainPlatforms(info.nodes) }
}
