// Pushing an OCI image layout (what `--output type=oci,tar=false` or `docker save` writes) to a registry
// by digest, untagged: the docker driver cannot push by digest itself (buildx refuses push-by-digest
// there), and the classic builder cannot push at all without a tag.
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Registry, type CredentialLookup } from '../../lib/registry.js'
import { splitRepository } from '../../lib/image-ref.js'

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: { os: string; architecture: string; variant?: string }
}

interface ManifestJson {
  mediaType?: string
  manifests?: Descriptor[]
  config?: Descriptor
  layers?: Descriptor[]
}

/** What one push does, children first: blobs, then manifests (an index after the manifests it lists). */
export interface LayoutPlan {
  top: Descriptor
  blobs: Descriptor[]
  manifests: Descriptor[]
}

const blobPath = (dir: string, digest: string) => join(dir, 'blobs', ...digest.split(':'))

/** Walks the layout from index.json's single entry (a manifest, or an index with its attestations). */
export function planLayout(dir: string, read: (path: string) => Buffer = p => readFileSync(p)): LayoutPlan {
  const index = JSON.parse(read(join(dir, 'index.json')).toString('utf8')) as ManifestJson
  const entries = index.manifests ?? []
  if (entries.length !== 1)
    throw new Error(`the OCI layout in ${dir} holds ${entries.length} images; one was expected`)
  const plan: LayoutPlan = { top: entries[0], blobs: [], manifests: [] }
  const seen = new Set<string>()
  const walk = (d: Descriptor) => {
    if (seen.has(d.digest)) return
    seen.add(d.digest)
    const m = JSON.parse(read(blobPath(dir, d.digest)).toString('utf8')) as ManifestJson
    for (const child of m.manifests ?? []) walk(child)
    for (const blob of [...(m.config ? [m.config] : []), ...(m.layers ?? [])]) {
      if (seen.has(blob.digest)) continue
      seen.add(blob.digest)
      plan.blobs.push(blob)
    }
    plan.manifests.push(d)
  }
  walk(plan.top)
  return plan
}

/** Pushes the layout to each repository by digest (blobs already there are skipped); the top digest. */
export async function pushLayout(
  dir: string,
  repositories: string[],
  o: { credentials?: CredentialLookup; onSecret?: (s: string) => void } = {}
): Promise<Descriptor> {
  const plan = planLayout(dir)
  const registries = new Map<string, Registry>()
  for (const repo of repositories) {
    const { host, name } = splitRepository(repo)
    const reg = registries.get(host) ?? new Registry(host, o)
    registries.set(host, reg)
    // Blobs in parallel (a few at a time): layers dominate the time.
    const queue = [...plan.blobs]
    const worker = async () => {
      for (let b = queue.shift(); b; b = queue.shift()) {
        const blob = b
        if (await reg.hasBlob(name, blob.digest)) continue
        const path = blobPath(dir, blob.digest)
        await reg.uploadBlob(name, blob.digest, statSync(path).size, () =>
          blob.size === 0 ? '' : (Readable.toWeb(createReadStream(path)) as ReadableStream)
        )
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
    for (const m of plan.manifests)
      await reg.putManifest(name, m.digest, m.mediaType, readFileSync(blobPath(dir, m.digest)))
  }
  return plan.top
}
