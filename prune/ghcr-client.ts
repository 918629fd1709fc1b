// The GitHub packages REST API for one container package: who owns it (an organization, a user, the
// token's own user), its versions (100 per page), deleting a version by id. Through prune's octokit
// (rate limits, retries); no Actions runtime calls.
import { UserError } from '../lib/errors.js'
import { isPermissionError, statusOf } from './gha/rest.js'
import { restClient, type RestOptions } from './octokit.js'
import { parseVersion, type PackageVersion } from './ghcr-plan.js'

export type PackagesClient = ReturnType<typeof packagesClient>

interface HttpFailure {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | undefined>; data?: { message?: string } }
}

export function packagesClient(o: RestOptions) {
  const octokit = restClient(o)
  /** `/orgs/acme`, `/users/someone` or `/user`: where the owner's packages are. */
  const owners = new Map<string, Promise<string>>()
  const ownerPath = (owner: string) => {
    let p = owners.get(owner)
    if (!p) owners.set(owner, (p = locate(owner)))
    return p
  }
  const locate = async (owner: string): Promise<string> => {
    const { data } = await octokit.request('GET /users/{username}', { username: owner })
    if (data.type === 'Organization') return `/orgs/${encodeURIComponent(owner)}`
    // The token's own packages are listed in full (private ones too) under /user.
    const me = await octokit.request('GET /user').catch(() => undefined)
    if (me?.data.login.toLowerCase() === owner.toLowerCase()) return '/user'
    return `/users/${encodeURIComponent(owner)}`
  }
  const versionsUrl = async (owner: string, name: string) =>
    `${await ownerPath(owner)}/packages/container/${encodeURIComponent(name)}/versions`

  return {
    /** Every active version, and the classic token scopes GitHub reported (undefined for other tokens). */
    async versions(owner: string, name: string): Promise<{ versions: PackageVersion[]; scopes?: string[] }> {
      const url = await versionsUrl(owner, name)
      const versions: PackageVersion[] = []
      let scopes: string[] | undefined
      for await (const page of octokit.paginate.iterator(`GET ${url}`, { per_page: 100, state: 'active' })) {
        const header = page.headers['x-oauth-scopes']
        if (typeof header === 'string')
          scopes = header
            .split(',')
            .map(s => s.trim())
            .filter(Boolean)
        for (const v of page.data as unknown[]) {
          const version = parseVersion(v)
          if (version) versions.push(version)
        }
      }
      return { versions, scopes }
    },
    /** 'gone' when the version no longer exists (GitHub also answers 404 to a token it refuses). */
    async deleteVersion(owner: string, name: string, id: number): Promise<'deleted' | 'gone'> {
      const url = `${await versionsUrl(owner, name)}/${id}`
      try {
        await octokit.request(`DELETE ${url}`)
        return 'deleted'
      } catch (e) {
        if (statusOf(e) !== 404) throw e
        const still = await octokit.request(`GET ${url}`).then(
          () => true,
          () => false
        )
        if (!still) return 'gone'
        throw Object.assign(new Error('HTTP 404 (Package not found.) for a version that exists'), {
          status: 403,
          refused404: true
        })
      }
    }
  }
}

/** One line for a token GitHub refused: what it answered, what it accepts, and how to get it. */
export function refusedToken(repo: string, doing: 'list' | 'delete', e: unknown): UserError | undefined {
  const f = e as HttpFailure & { refused404?: boolean }
  if (!f.refused404 && !isPermissionError(e)) return undefined
  const headers = f.response?.headers ?? {}
  const accepted = headers['x-accepted-github-permissions']
  const has = headers['x-oauth-scopes']
  const answer = f.refused404
    ? 'HTTP 404 Package not found for a version that exists'
    : `HTTP ${statusOf(e)}: ${f.response?.data?.message ?? f.message ?? ''}`
  const need = doing === 'list' ? 'packages: read' : 'packages: write'
  const pat = doing === 'list' ? 'read:packages' : 'delete:packages'
  return new UserError(
    `registry: ${repo}: the token may not ${doing} package versions (${answer}${accepted ? `; GitHub accepts ${accepted}` : ''}${has !== undefined ? `; the token has scopes: ${has || 'none'}` : ''}); give the job permissions: { ${need} } and the repository Admin access in the package's settings, or use a personal access token with ${pat}`
  )
}

/** A classic token (GitHub lists its scopes) that cannot delete: known before any deletion. */
export function missingDeleteScope(repo: string, scopes: string[] | undefined): UserError | undefined {
  if (!scopes || scopes.includes('delete:packages')) return undefined
  return new UserError(
    `registry: ${repo}: the token may not delete package versions (its scopes: ${scopes.join(', ') || 'none'}; deleting needs delete:packages); use a personal access token with delete:packages, or the job's GITHUB_TOKEN with permissions: { packages: write }`
  )
}
