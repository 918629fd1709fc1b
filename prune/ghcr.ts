// ghcr.io repositories of the registry target. GHCR has no registry DELETE: the versions of the
// container package are listed and deleted through the GitHub packages REST API, and what each version
// is comes from its manifest, read through the registry API. Read → plan (ghcr-plan.ts) → delete, one
// at a time and paced, an index before the manifests only it listed.
import type { Logger } from '../lib/runtime.js'
import { UserError } from '../lib/errors.js'
import { Registry } from '../lib/registry.js'
import type { RegistryOptions, RegistryRepo } from './inputs.js'
import { attestationChildren, classify, type ManifestNode } from './manifests.js'
import { describeDeletion, imageGroup, imagesKept } from './registry-plan.js'
import { planGhcr, type PackageVersion } from './ghcr-plan.js'
import { missingDeleteScope, packagesClient, refusedToken, type PackagesClient } from './ghcr-client.js'
import { mapPaced, Pacer } from './pacer.js'
import type { TargetReport } from './report.js'
import { describeHttp as describe } from './octokit.js'

export interface GhcrEnv {
  apiUrl: string
  /**
   * The registry that answers for ghcr.io. Tests only: BUILD_SUITE_GHCR_REGISTRY names a loopback
   * registry standing in for ghcr.io; unset (always, outside the suite's tests) it is ghcr.io.
   */
  registry: string
}

export const ghcrEnv = (env: NodeJS.ProcessEnv): GhcrEnv => ({
  apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
  registry: env.BUILD_SUITE_GHCR_REGISTRY || 'ghcr.io'
})

/** Manifest reads in flight at once. */
const READS = 8

export interface GhcrDeps {
  log: Logger
  env: GhcrEnv
  /** The registry client for env.registry (login from the docker config, else the token). */
  registry: Registry
  pacer: Pacer
  client?: PackagesClient
}

/** Prunes one ghcr.io repository into `report`. */
export async function pruneGhcr(
  repo: RegistryRepo,
  o: RegistryOptions,
  dryRun: boolean,
  report: TargetReport,
  deps: GhcrDeps
): Promise<void> {
  const [owner, ...rest] = repo.name.split('/')
  const name = rest.join('/')
  if (!name) throw new UserError(`registry: ${repo.ref}: a ghcr.io repository is ghcr.io/<owner>/<package>`)
  const client =
    deps.client ??
    packagesClient({
      token: o.token,
      apiUrl: deps.env.apiUrl,
      log: deps.log,
      onWait: s => deps.pacer.pause(s * 1000)
    })
  const listed = await client.versions(owner, name).catch(e => {
    throw (
      refusedToken(repo.ref, 'list', e) ??
      new UserError(`registry: ${repo.ref}: listing package versions: ${describe(e)}`)
    )
  })
  const manifests = await readVersions(deps.registry, repo.name, listed.versions)
  const plan = planGhcr(listed.versions, manifests, o, Date.now())
  deps.log.info(
    `${repo.ref}: ${listed.versions.length} package versions, ${manifests.size} manifests read; ${plan.delete.length} to delete`
  )
  report.kept += plan.kept
  for (const s of plan.spared) report.notes.push(`${repo.ref}:${s.what} kept: ${s.reason}`)
  if (plan.images.length) report.notes.push(imagesKept(repo.ref, plan.images))
  const item = (d: (typeof plan.delete)[number]) => ({
    what: `${describeDeletion(repo.ref, d)} version ${d.id}`,
    why: d.reason,
    bytes: d.bytes,
    ...imageGroup(d)
  })
  const scope = plan.delete.length ? missingDeleteScope(repo.ref, listed.scopes) : undefined
  if (dryRun) {
    report.deleted.push(...plan.delete.map(item))
    if (scope) report.warnings.push(`without dry-run: ${scope.message}`)
    return
  }
  if (scope) throw scope
  // An index that could not be deleted still lists its manifests: they stay.
  const stillListed = new Set<string>()
  let refused: UserError | undefined
  const settled = await mapPaced(
    plan.delete,
    1,
    deps.pacer,
    async d => {
      if (stillListed.has(d.digest)) throw new Error('listed by an index that was not deleted')
      return client.deleteVersion(owner, name, d.id).catch(e => {
        refused ??= refusedToken(repo.ref, 'delete', e)
        for (const c of manifests.get(d.digest)?.children ?? []) stillListed.add(c)
        throw e
      })
    },
    () => refused,
    () => new Error('not attempted')
  )
  if (refused) throw refused
  settled.forEach((s, i) => {
    const d = plan.delete[i]
    if (s.ok && s.value === 'deleted') report.deleted.push(item(d))
    else if (!s.ok) {
      report.failed.push({ ...item(d), error: describe(s.error) })
      report.kept++
    }
  })
}

/** The manifest of every version (by digest), attestations marked from the indexes that list them. */
async function readVersions(
  reg: Registry,
  name: string,
  versions: PackageVersion[]
): Promise<Map<string, ManifestNode>> {
  const manifests = new Map<string, ManifestNode>()
  const attestations = new Set<string>()
  const settled = await mapPaced(versions, READS, new Pacer(1e9), async v => {
    const m = await reg.manifest(name, v.digest)
    if (!m) return
    manifests.set(v.digest, { ...classify(v.digest, m.mediaType, m.body), size: m.size })
    for (const a of attestationChildren(m.body)) attestations.add(a)
  })
  const failed = settled.find(s => !s.ok)
  if (failed && !failed.ok)
    throw new UserError(`registry: reading manifests of ${name} from ${reg.host}: ${describe(failed.error)}`)
  for (const a of attestations) {
    const node = manifests.get(a)
    if (node?.kind === 'image') node.kind = 'attestation'
  }
  return manifests
}
