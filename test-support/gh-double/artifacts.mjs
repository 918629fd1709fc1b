// GitHub's artifact service (artifacts v4, what @actions/artifact speaks): the results service's twirp
// ArtifactService at ACTIONS_RESULTS_URL (JSON with proto field names, int64 as strings, wrappers as
// plain values, Timestamps as RFC 3339), the zip itself through a signed blob URL in the
// `actions-results` container, and the REST artifact endpoints, which show the expiry.
import { createHash } from 'node:crypto'
import { backendIdsOf, scopesOf, PERMISSION_WRITE } from './token.mjs'
import { HttpError, iso, isoMs, twirpService } from './respond.mjs'
import { fakeSha } from './rest.mjs'

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'
export const ARTIFACT_CONTAINER = 'actions-results'
const DAY_MS = 24 * 3600 * 1000

const denied = msg => new HttpError(403, msg, { twirpCode: 'permission_denied' })
const invalid = msg => new HttpError(400, msg, { twirpCode: 'invalid_argument' })
const notFound = msg => new HttpError(404, msg, { twirpCode: 'not_found' })
const sha256 = buf => createHash('sha256').update(buf).digest('hex')

/** The twirp ArtifactService; `container` is its blob container for blobStorage. */
export function artifactService(shared) {
  const artifacts = shared.store.artifacts
  const signedUrl = (a, sp) => shared.blobs.signedUrl(ARTIFACT_CONTAINER, a, sp)

  /**
   * The job the runtime token speaks for (its `scp` Actions.Results ids). Requests name the token's
   * workflow run; uploads (`ownJob`) also its job run.
   */
  const job = (ctx, body, ownJob = false) => {
    const claims = shared.runtimeClaims(ctx.req)
    const ids = backendIdsOf(claims)
    if (!ids) throw denied('the token has no Actions.Results scope')
    if (body.workflow_run_backend_id !== ids.workflowRunBackendId)
      throw denied(`workflow run ${body.workflow_run_backend_id} is not the token's run`)
    if (ownJob && body.workflow_job_run_backend_id !== ids.workflowJobRunBackendId)
      throw denied(`job run ${body.workflow_job_run_backend_id} is not the token's job`)
    let ref
    try {
      const scopes = scopesOf(claims)
      ref = (scopes.find(s => s.Permission & PERMISSION_WRITE) ?? scopes[0])?.Scope
    } catch {
      ref = undefined
    }
    return { ...ids, runId: shared.runs.get(ids.workflowRunBackendId), ref }
  }
  const nameOf = body => {
    const name = String(body.name ?? '')
    if (!name) throw invalid('name is required')
    return name
  }
  /** The finalized, unexpired artifact `name` of the token's run. */
  const live = (j, name) => {
    const a = artifacts.live(j.workflowRunBackendId, name)
    if (!a) throw notFound(`artifact ${name} not found in the workflow run`)
    return a
  }
  const monolith = a => ({
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.size),
    created_at: isoMs(a.createdAt),
    ...(a.digest ? { digest: a.digest } : {})
  })

  const service = twirpService(TWIRP_PREFIX, 'artifact.', {
    CreateArtifact(ctx, body) {
      const j = job(ctx, body, true)
      const name = nameOf(body)
      const now = Date.now()
      // The repository's retention is the most an artifact gets, and what it gets without expires_at.
      const max = now + shared.artifactRetentionDays * DAY_MS
      let expiresAt = max
      if (body.expires_at !== undefined) {
        const t = Date.parse(body.expires_at)
        if (Number.isNaN(t) || t <= now) throw invalid(`expires_at ${body.expires_at} is not a future time`)
        expiresAt = Math.min(t, max)
      }
      const same = artifacts.all().filter(a => a.runBackendId === j.workflowRunBackendId && a.name === name)
      if (same.some(a => a.finalized && !artifacts.expired(a)))
        throw new HttpError(409, `an artifact named ${name} already exists in the workflow run`, {
          twirpCode: 'already_exists'
        })
      for (const a of same) artifacts.delete(a.id) // a pending upload or an expired artifact gives way
      const a = artifacts.create({
        runBackendId: j.workflowRunBackendId,
        jobBackendId: j.workflowJobRunBackendId,
        runId: j.runId,
        ref: j.ref,
        name,
        expiresAt: new Date(expiresAt),
        mimeType: body.mime_type,
        version: body.version
      })
      shared.log(`artifact create ${a.id} ${name} expires ${iso(a.expiresAt)}`)
      return { ok: true, signed_upload_url: signedUrl(a, 'cw') }
    },
    FinalizeArtifact(ctx, body) {
      const j = job(ctx, body, true)
      const name = nameOf(body)
      const a = artifacts
        .all()
        .find(
          x =>
            !x.finalized &&
            x.runBackendId === j.workflowRunBackendId &&
            x.jobBackendId === j.workflowJobRunBackendId &&
            x.name === name
        )
      if (!a) throw notFound(`no pending artifact named ${name} for this job`)
      if (!a.data) throw notFound(`no uploaded content for artifact ${name}`)
      const size = Number(body.size ?? 0)
      if (a.data.length !== size)
        throw invalid(`size ${size} does not match the uploaded size ${a.data.length}`)
      if (body.hash !== undefined && body.hash !== `sha256:${sha256(a.data)}`)
        throw invalid(`hash ${body.hash} does not match the uploaded content`)
      a.size = size
      a.digest = body.hash
      a.finalized = true
      a.blocks.clear()
      // A file uploaded as it is (not a zip) downloads under its own name.
      if ((a.contentType ?? a.mimeType) !== 'application/zip')
        a.contentDisposition = `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`
      return { ok: true, artifact_id: String(a.id) }
    },
    ListArtifacts(ctx, body) {
      const j = job(ctx, body)
      const byName = body.name_filter
      const byId = body.id_filter
      const list = artifacts
        .list()
        .filter(
          a =>
            a.runBackendId === j.workflowRunBackendId &&
            !artifacts.expired(a) &&
            (byName === undefined || a.name === byName) &&
            (byId === undefined || a.id === Number(byId))
        )
      return { artifacts: list.map(monolith) }
    },
    GetSignedArtifactURL(ctx, body) {
      const a = live(job(ctx, body), nameOf(body))
      a.lastAccessedAt = new Date()
      return { signed_url: signedUrl(a, 'r') }
    },
    DeleteArtifact(ctx, body) {
      const a = live(job(ctx, body), nameOf(body))
      artifacts.delete(a.id)
      return { ok: true, artifact_id: String(a.id) }
    }
  })

  return {
    ...service,
    /** Blob container: an expired artifact's blob is gone. */
    container: {
      names: 'artifact.blob.',
      get(id) {
        const a = artifacts.get(id)
        return a && !artifacts.expired(a) ? a : undefined
      }
    }
  }
}

/** REST: list (repository, run), get, delete and download (302 to the blob) artifacts. */
export function artifactRest(shared) {
  const { github, repository, sendJson, restHeaders } = shared
  const artifacts = shared.store.artifacts
  const restArtifact = a => {
    const url = `${shared.baseUrl}/repos/${repository}/actions/artifacts/${a.id}`
    const branch = a.ref?.replace(/^refs\/heads\//, '') ?? null
    return {
      id: a.id,
      name: a.name,
      size_in_bytes: a.size,
      url,
      archive_download_url: `${url}/zip`,
      expired: artifacts.expired(a),
      digest: a.digest ?? null,
      created_at: iso(a.createdAt),
      updated_at: iso(a.createdAt),
      expires_at: iso(a.expiresAt),
      workflow_run: {
        id: a.runId ?? null,
        repository_id: github.repositoryId,
        head_repository_id: github.repositoryId,
        head_branch: branch,
        head_sha: branch && fakeSha(branch)
      }
    }
  }
  const one = id => {
    const a = artifacts.get(id)
    if (!a || !a.finalized) throw new HttpError(404, 'Not Found')
    return a
  }

  return ({ restAuth, sendPage }) => {
    const list = (ctx, runId) => {
      restAuth(ctx)
      const name = ctx.query.get('name')
      const found = artifacts
        .list()
        .filter(a => (runId === undefined || a.runId === runId) && (!name || a.name === name))
        .sort((a, b) => b.id - a.id)
      sendPage(ctx, found, page => ({ total_count: found.length, artifacts: page.map(restArtifact) }))
    }
    return [
      ['GET', /^\/actions\/artifacts$/, 'listArtifacts', ctx => list(ctx)],
      [
        'GET',
        /^\/actions\/runs\/(\d+)\/artifacts$/,
        'listRunArtifacts',
        (ctx, _b, run) => list(ctx, Number(run))
      ],
      [
        'GET',
        /^\/actions\/artifacts\/(\d+)$/,
        'getArtifact',
        (ctx, _b, id) => {
          restAuth(ctx)
          sendJson(ctx.res, 200, restArtifact(one(id)), restHeaders())
        }
      ],
      [
        'DELETE',
        /^\/actions\/artifacts\/(\d+)$/,
        'deleteArtifact',
        (ctx, _b, id) => {
          restAuth(ctx, { write: true })
          artifacts.delete(one(id).id)
          ctx.res.writeHead(204, restHeaders())
          ctx.res.end()
        }
      ],
      [
        'GET',
        /^\/actions\/artifacts\/(\d+)\/zip$/,
        'downloadArtifact',
        (ctx, _b, id) => {
          restAuth(ctx)
          const a = one(id)
          if (artifacts.expired(a)) throw new HttpError(410, 'Artifact has expired')
          const location = shared.blobs.signedUrl(ARTIFACT_CONTAINER, a, 'r')
          ctx.res.writeHead(302, restHeaders({ Location: location, 'Content-Length': 0 }))
          ctx.res.end()
        }
      ]
    ]
  }
}
