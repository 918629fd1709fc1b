// Target registry: read each cache repository (tags, manifests, image configs for their age), plan
// (registry-plan.ts), then delete manifests by digest, an index before the manifests only it listed.
// ghcr.io has no registry DELETE: its repositories go through the packages API (ghcr.ts).
import type { Logger } from '../lib/runtime.js'
import { UserError } from '../lib/errors.js'
import { Registry, RegistryError } from '../lib/registry.js'
import type { RegistryOptions, RegistryRepo } from './inputs.js'
import { attestationChildren, classify, indexAges, type ManifestNode } from './manifests.js'
import { describeDeletion, imageGroup, imagesKept, planRegistry, type RepoView } from './registry-plan.js'
import type { TargetReport } from './report.js'
import { mapPaced, Pacer } from './pacer.js'
import { dockerConfigCredentials } from '../lib/docker-config.js'
import { pruneGhcr, type GhcrEnv } from './ghcr.js'

/** Manifest reads in flight at once, per repository. */
const READS = 8

export async function pruneRegistry(
  o: RegistryOptions,
  dryRun: boolean,
  log: Logger,
  onSecret: (s: string) => void,
  env: GhcrEnv
): Promise<TargetReport> {
  const report: TargetReport = {
    target: 'registry',
    deleted: [],
    failed: [],
    kept: 0,
    notes: [],
    warnings: []
  }
  const credentials = dockerConfigCredentials()
  const registries = new Map<string, Registry>()
  // ghcr.io: the docker login for it, else the token (GHCR takes it as a password).
  const ghcr = {
    log,
    env,
    pacer: new Pacer(o.deletesPerMinute),
    registry: new Registry(env.registry, {
      credentials: async () => (await credentials('ghcr.io')) ?? { username: 'token', password: o.token },
      onSecret
    })
  }
  let gc = false
  for (const repo of o.repos) {
    if (repo.host === 'ghcr.io') {
      await pruneGhcr(repo, o, dryRun, report, ghcr)
      continue
    }
    gc = true
    const reg = registries.get(repo.host) ?? new Registry(repo.host, { credentials, onSecret })
    registries.set(repo.host, reg)
    const view = await readRepo(reg, repo).catch(e => {
      const login =
        e instanceof RegistryError && e.status === 401 ? `; log in first (docker login ${repo.host})` : ''
      throw new UserError(`registry: reading ${repo.ref}: ${(e as Error).message}${login}`)
    })
    const plan = planRegistry(view, o, Date.now())
    log.info(
      `${repo.ref}: ${view.tags.size} tags, ${view.manifests.size} manifests; ${plan.delete.length} to delete`
    )
    report.kept += plan.kept
    for (const s of plan.spared) report.notes.push(`${repo.ref}:${s.what} kept: ${s.reason}`)
    if (plan.images.length) report.notes.push(imagesKept(repo.ref, plan.images))
    for (const d of plan.delete) {
      const item = { what: describeDeletion(repo.ref, d), why: d.reason, bytes: d.bytes, ...imageGroup(d) }
      if (dryRun) {
        report.deleted.push(item)
        continue
      }
      try {
        if ((await reg.deleteManifest(repo.name, d.digest)) === 'deleted') report.deleted.push(item)
      } catch (e) {
        if (e instanceof RegistryError && (e.status === 405 || e.status === 401 || e.status === 403))
          throw new UserError(`registry: ${repo.ref}: ${refusal(repo, e)}`)
        report.failed.push({ ...item, error: (e as Error).message })
        report.kept++
      }
    }
  }
  if (gc && report.deleted.length && !dryRun)
    report.notes.push(
      "the registry reclaims the blobs of deleted manifests at its next garbage collection (distribution: 'registry garbage-collect')"
    )
  if (report.failed.length) report.warnings.push(`${report.failed.length} manifest deletions failed`)
  return report
}

function refusal(repo: RegistryRepo, e: RegistryError): string {
  if (e.status === 405)
    return `the registry does not allow deletes (${e.message}); a distribution registry needs storage.delete.enabled: true`
  return `not allowed to delete (${e.message}); log in with a user that may delete (docker login ${repo.host})`
}

/** Every tag's manifest, an index's platform and attestation manifests, and image configs for ages. */
async function readRepo(reg: Registry, repo: RegistryRepo): Promise<RepoView> {
  const tags = new Map<string, string>()
  const manifests = new Map<string, ManifestNode>()
  const pool = <T>(items: T[], fn: (t: T) => Promise<void>) =>
    mapPaced(items, READS, new Pacer(1e9), fn).then(rs => {
      const failed = rs.find(r => !r.ok)
      if (failed && !failed.ok) throw failed.error
    })
  const load = async (reference: string, attestation = false): Promise<ManifestNode | undefined> => {
    const known = manifests.get(reference)
    if (known) return known
    const m = await reg.manifest(repo.name, reference)
    if (!m) return undefined
    const node = { ...classify(m.digest, m.mediaType, m.body), size: m.size }
    if (attestation) node.kind = 'attestation'
    manifests.set(m.digest, node)
    if (node.kind === 'image' && node.config) {
      const config = (await reg.blobJson(repo.name, node.config)) as { created?: string }
      const t = Date.parse(config?.created ?? '')
      if (!Number.isNaN(t)) node.createdAt = t
    }
    const attestations = new Set(attestationChildren(m.body))
    await pool(node.children, async c => void (await load(c, attestations.has(c))))
    return node
  }
  await pool(await reg.tags(repo.name), async tag => {
    const node = await load(tag)
    if (node) tags.set(tag, node.digest)
  })
  indexAges(manifests)
  return { tags, manifests }
}
