// The packages client against the services double (loopback, no Docker): owners, pages, refusals.
import { missingDeleteScope, packagesClient, refusedToken } from '../../prune/ghcr-client.js'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'

const dg = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`
const log = { info: () => {}, warning: () => {}, debug: () => {} }

describe('packagesClient', () => {
  let d: Double
  beforeAll(async () => {
    d = await startDouble()
    const versions = Array.from({ length: 250 }, (_, i) => ({ digest: dg(i), tags: i === 7 ? ['v7'] : [] }))
    d.packages.seed({ owner: 'Acme', name: 'team/app', versions })
    d.packages.seed({ owner: 'someone', type: 'User', name: 'tool', versions: versions.slice(0, 3) })
    d.packages.seed({ owner: 'locked', name: 'app', versions: versions.slice(0, 1), adminAccess: false })
  })
  afterAll(() => d.close())
  const client = (token = d.githubToken) => packagesClient({ token, apiUrl: d.url, log, retries: 0 })

  test('an organization package: every version over three pages, a nested name encoded', async () => {
    d.stats.reset()
    const { versions, scopes } = await client().versions('acme', 'team/app')
    expect(versions).toHaveLength(250)
    expect(versions.find(v => v.digest === dg(7))?.tags).toEqual(['v7'])
    expect(scopes).toBeUndefined()
    expect(d.stats.count('rest.packages.listVersions')).toBe(3)
  })

  test("a user's package: /users/{login}, or /user with that user's own token", async () => {
    d.stats.reset()
    expect((await client().versions('someone', 'tool')).versions).toHaveLength(3)
    const own = client(d.issueGithubToken({ user: 'someone', scopes: ['read:packages'] }))
    const listed = await own.versions('someone', 'tool')
    expect(listed.scopes).toEqual(['read:packages'])
    expect(
      d.stats.requests.filter(r => r.route === 'rest.packages.listVersions').map(r => r.path.split('?')[0])
    ).toEqual(['/users/someone/packages/container/tool/versions', '/user/packages/container/tool/versions'])
  })

  test('deleting: deleted, then gone; a refused token in one line', async () => {
    const c = client()
    const id = [...d.packages.packages.get('someone/tool')!.versions.keys()][0]
    expect(await c.deleteVersion('someone', 'tool', id)).toBe('deleted')
    expect(await c.deleteVersion('someone', 'tool', id)).toBe('gone')

    const readOnly = client(d.issueGithubToken({ packages: 'read' }))
    const e = await readOnly.deleteVersion('acme', 'team/app', 1000).catch(x => x)
    expect(refusedToken('ghcr.io/acme/team/app', 'delete', e)?.message).toBe(
      "registry: ghcr.io/acme/team/app: the token may not delete package versions (HTTP 403: Resource not accessible by integration; GitHub accepts packages=write); give the job permissions: { packages: write } and the repository Admin access in the package's settings, or use a personal access token with delete:packages"
    )
  })

  test('a 404 for a version that exists (no Admin access to the package) is a refusal, not gone', async () => {
    const id = [...d.packages.packages.get('locked/app')!.versions.keys()][0]
    const e = await client()
      .deleteVersion('locked', 'app', id)
      .catch(x => x)
    expect(refusedToken('ghcr.io/locked/app', 'delete', e)?.message).toMatch(
      /the token may not delete package versions \(HTTP 404 Package not found for a version that exists\)/
    )
  })
})

test('missingDeleteScope: only a classic token whose scopes lack delete:packages', () => {
  expect(missingDeleteScope('r', undefined)).toBeUndefined()
  expect(missingDeleteScope('r', ['read:packages', 'delete:packages'])).toBeUndefined()
  expect(missingDeleteScope('r', [])?.message).toMatch(/its scopes: none; deleting needs delete:packages/)
})

test('refusedToken: a rate limit or a server error is not a refusal', () => {
  expect(refusedToken('r', 'list', { status: 500 })).toBeUndefined()
  expect(
    refusedToken('r', 'list', { status: 403, message: 'API rate limit exceeded', response: { headers: {} } })
  ).toBeUndefined()
})
