// One matrix leg (`arch`): its platform must run on the builder (natively or under QEMU), and with
// push the image goes to the registry by digest, untagged, for the merge job. Builders that push by
// digest themselves do; the docker driver cannot (buildx refuses push-by-digest there) and the
// classic builder cannot push untagged, so their image is exported as an OCI layout and pushed here.
import { samePlatform, type Arch } from '../../lib/arch.js'
import { UserError } from '../../lib/errors.js'
import { imageRepository } from '../../lib/image-ref.js'

export interface LegFacts {
  builder: string
  driver: string
  /** What the builder can run: native platforms plus the registered emulators. */
  platforms: string[]
  /** Read from buildx's store, not from the builder: the platforms are not known (builder-store.ts). */
  unread?: boolean
}

/** A leg whose platform the builder cannot run fails before building, saying how to fix it. */
export function checkLegPlatform(arch: Arch, facts: LegFacts): void {
  // An inactive builder (docker-container before its first boot) lists nothing yet: BuildKit will say.
  if (!facts.platforms.length || facts.platforms.some(p => samePlatform(p, arch))) return
  const fix =
    arch.os === 'linux'
      ? `register its emulator with setup-builder's \`platforms: ${arch.buildPlatform}\` (QEMU), or run this leg on a ${arch.architecture} runner`
      : `run this leg on a ${arch.os} runner`
  throw new UserError(
    `arch ${arch.bashbrew}: the builder ${facts.builder} cannot run ${arch.platform} (it runs ${facts.platforms.join(', ')}); ${fix}`
  )
}

/**
 * The facts setup-builder exported about the builder it set up, when they are about this leg's builder
 * and list the leg's platform: no `buildx inspect` before the build then. Otherwise (another builder, a
 * platform not listed: an emulator registered since) the builder itself is read.
 */
export function exportedLegFacts(
  json: string | undefined,
  builder: string,
  arch: Arch
): LegFacts | undefined {
  if (!json || !builder) return undefined
  let facts: Partial<LegFacts>
  try {
    facts = JSON.parse(json)
  } catch {
    return undefined
  }
  if (facts.builder !== builder || typeof facts.driver !== 'string' || !Array.isArray(facts.platforms))
    return undefined
  return facts.platforms.some(p => samePlatform(p, arch)) ? (facts as LegFacts) : undefined
}

/** The repositories the leg pushes to: one per distinct repository among the tags. */
export const legRepositories = (tags: string[]): string[] => [...new Set(tags.map(imageRepository))]

export interface LegOutput {
  /** buildx --output for the leg. */
  output: string
  /** Set when the image is exported to this OCI layout directory, to be pushed by digest here. */
  layout?: string
}

export function planLegOutput(driver: string, repositories: string[], layoutDir: string): LegOutput {
  if (driver === 'docker') return { output: `type=oci,dest=${layoutDir},tar=false`, layout: layoutDir }
  // buildx reads --output as CSV: several names go in one quoted field.
  const name = repositories.length > 1 ? `"name=${repositories.join(',')}"` : `name=${repositories[0]}`
  return { output: `type=image,${name},push-by-digest=true,name-canonical=true,push=true` }
}
