// A protocol-faithful local double of GitHub's cache and artifact services, for tests (never bundled):
//  - cache service v2 (twirp JSON, ACTIONS_RESULTS_URL) + Azure-blob-style signed upload/download URLs
//  - cache service v1 (ACTIONS_CACHE_URL, _apis/artifactcache) as BuildKit before v0.20 speaks it
//  - the artifact service (twirp ArtifactService, as @actions/artifact speaks it) over the same blobs
//  - the REST cache and artifact API plus minimal repo, branch and pull request endpoints
//  - the REST packages API for container packages (ghcr.io clean-up), mirroring a registry repository
//  - faults (rate limits, 5xx, slow answers) and per-route request accounting
// One in-memory store behind all of it; one module per service. See README.md next to this file.
import { BUILDKIT_VERSION } from './store.mjs'
import { createContext } from './context.mjs'
import { blobStorage } from './blobs.mjs'
import { cacheV2, CACHE_CONTAINER } from './cache-v2.mjs'
import { cacheV1 } from './cache-v1.mjs'
import { restApi } from './rest.mjs'
import { packagesApi } from './packages.mjs'
import { artifactService, artifactRest, ARTIFACT_CONTAINER } from './artifacts.mjs'
import { listen } from './server.mjs'

export { BUILDKIT_VERSION }
export { backendIdsOf, decodeJwtUnverified, scopesOf } from './token.mjs'

/**
 * Starts the double on host:port (port 0 = ephemeral).
 * @param {import('./index.d.mts').DoubleOptions} [opts]
 */
export async function startDouble(opts = {}) {
  const shared = createContext(opts)
  const { store, stats, faults } = shared
  const artifacts = artifactService(shared)
  shared.blobs = blobStorage(shared, {
    [CACHE_CONTAINER]: { names: 'blob.', get: id => store.get(id) },
    [ARTIFACT_CONTAINER]: artifacts.container
  })
  const packages = packagesApi(shared)
  const services = [
    cacheV2(shared),
    cacheV1(shared),
    artifacts,
    shared.blobs,
    packages,
    restApi(shared, [artifactRest(shared)])
  ]
  const server = await listen(shared, services, opts.port ?? 0)
  const url = shared.baseUrl

  return {
    url,
    port: Number(new URL(url).port),
    repository: shared.repository,
    runId: shared.runId,
    githubToken: shared.githubToken,
    token: shared.token,
    issueGithubToken: shared.issueGithubToken,
    env: shared.env,
    store,
    stats,
    faults,
    github: shared.github,
    packages: packages.api,
    reset() {
      store.clear()
      packages.api.clear()
      stats.reset()
      faults.clear()
    },
    close() {
      return new Promise(resolve => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
    }
  }
}
