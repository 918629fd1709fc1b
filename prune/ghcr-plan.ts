// Which versions of a ghcr.io container package to delete, as a pure function of the versions the
// packages API lists and the manifests the registry serves for them. Every version is a manifest
// (a tag, a multi-arch child, an attestation, an old cache export whose tag moved on): the registry
// planner judges them, and the ones it deletes map back to version ids.
import type { ManifestNode } from './manifests.js'
import { planRegistry, type ManifestDeletion, type PlanOptions, type RegistryPlan } from './registry-plan.js'

export interface PackageVersion {
  id: number
  /** The manifest digest (the version's `name`). */
  digest: string
  tags: string[]
  /** ms since epoch: `updated_at`, the last time GitHub changed the version (a push, a tag moved). */
  updatedAt?: number
}

/** A version as the REST API answers it; undefined for anything that is not a container version. */
export function parseVersion(v: unknown): PackageVersion | undefined {
  const o = v as {
    id?: unknown
    name?: unknown
    updated_at?: unknown
    metadata?: { container?: { tags?: unknown } }
  }
  if (typeof o?.id !== 'number' || typeof o.name !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(o.name))
    return undefined
  const tags = Array.isArray(o.metadata?.container?.tags) ? o.metadata.container.tags.map(String) : []
  const updatedAt = Date.parse(String(o.updated_at ?? ''))
  return { id: o.id, digest: o.name, tags, updatedAt: Number.isNaN(updatedAt) ? undefined : updatedAt }
}

export interface VersionDeletion extends ManifestDeletion {
  id: number
}

export interface GhcrPlan extends Omit<RegistryPlan, 'delete'> {
  delete: VersionDeletion[]
}

/**
 * `manifests`: what the registry served for each version's digest (absent: not readable). A version's
 * age is its `updated_at`.
 */
export function planGhcr(
  versions: PackageVersion[],
  manifests: Map<string, ManifestNode>,
  o: PlanOptions,
  now: number
): GhcrPlan {
  const ids = new Map(versions.map(v => [v.digest, v.id]))
  const aged = new Map<string, ManifestNode>()
  for (const [digest, node] of manifests) aged.set(digest, { ...node, createdAt: undefined })
  for (const v of versions) {
    const node = aged.get(v.digest)
    if (node) node.createdAt = v.updatedAt
  }
  const tags = new Map(versions.flatMap(v => v.tags.map(t => [t, v.digest] as [string, string])))
  const untagged = versions.filter(v => !v.tags.length).map(v => v.digest)
  const plan = planRegistry({ tags, manifests: aged, untagged }, o, now)
  const spared = [...plan.spared]
  const deletions: VersionDeletion[] = []
  for (const d of plan.delete) {
    const id = ids.get(d.digest)
    if (id === undefined)
      spared.push({ what: `@${d.digest.slice(0, 19)}`, reason: 'not a version of the package' })
    else deletions.push({ ...d, id })
  }
  return { ...plan, delete: deletions, spared }
}
