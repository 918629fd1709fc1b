// Where a matrix leg's mark is in the registry: an annotation of the index the leg pushed (a build
// with attestations), or a label of its image.
import { blobJson, manifest } from '../../test-support/registry.js'

const LEG = 'io.github.buildx-action-suite.leg'

export interface FoundMark {
  /** The mark as an annotation of the index under the digest (undefined: no index, or none there). */
  annotation?: string
  /** The mark as a label of the image (of the index's image that is no attestation). */
  label?: string
  /** The image manifest's digest (the index's image that is no attestation). */
  image: string
}

export async function legMarkOf(repository: string, digest: string): Promise<FoundMark> {
  const top = await manifest(`${repository}@${digest}`)
  if (top.status !== 200) throw new Error(`${repository}@${digest}: HTTP ${top.status}`)
  const listed = top.body?.manifests as { digest: string; annotations?: Record<string, string> }[] | undefined
  const image = listed ? listed.find(m => !m.annotations?.['vnd.docker.reference.type'])!.digest : digest
  const m = listed ? await manifest(`${repository}@${image}`) : top
  const config = await blobJson(repository, (m.body?.config as { digest: string }).digest)
  return {
    annotation: (top.body?.annotations as Record<string, string> | undefined)?.[LEG],
    label: (config.config as { Labels?: Record<string, string> | null } | undefined)?.Labels?.[LEG],
    image
  }
}
