// The artifact service of the double against the real @actions/artifact client (DefaultArtifactClient):
// twirp ArtifactService + the Azure SDK's block upload, retention, download by id, delete, faults.
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { getOctokit } from '@actions/github'
import {
  startDouble,
  backendIdsOf,
  decodeJwtUnverified,
  type Double
} from '../../test-support/gh-double/index.mjs'
import { twirpClient } from '../helpers/twirp.js'

const DAY = 24 * 3600 * 1000

let d: Double
let work: string
const savedEnv = { ...process.env }
const client = new DefaultArtifactClient()

beforeAll(async () => {
  d = await startDouble({ artifactRetentionDays: 30 })
  work = mkdtempSync(join(tmpdir(), 'gh-double-artifacts-'))
  // What the client reads: the runtime token and results URL (ACTIONS_*), and GITHUB_SERVER_URL, which
  // must be github.com (or *.ghe.com / *.localhost): any other host is GHES, where the client refuses.
  delete process.env.GITHUB_RETENTION_DAYS
  Object.assign(process.env, d.env())
})
afterAll(async () => {
  await d.close()
  rmSync(work, { recursive: true, force: true })
  process.env = savedEnv
})
beforeEach(() => d.stats.reset())

function files(name: string) {
  const dir = join(work, name)
  mkdirSync(join(dir, 'sub'), { recursive: true })
  writeFileSync(join(dir, 'record.json'), JSON.stringify({ name }))
  writeFileSync(join(dir, 'sub', 'blob.bin'), randomBytes(300_000))
  return { dir, paths: [join(dir, 'record.json'), join(dir, 'sub', 'blob.bin')] }
}

/** The results-service ids a token names (`scp` Actions.Results), as request fields. */
function idsOf(token: string) {
  const ids = backendIdsOf(decodeJwtUnverified(token))!
  return {
    workflow_run_backend_id: ids.workflowRunBackendId,
    workflow_job_run_backend_id: ids.workflowJobRunBackendId
  }
}

const twirp = twirpClient(() => d.url, 'github.actions.results.api.v1.ArtifactService')

describe('runtime token', () => {
  it('carries Actions.Results:<run>:<job> in scp beside the ac claim; jobs of a run share the run id', () => {
    const claims = decodeJwtUnverified(d.token())
    expect(typeof claims.ac).toBe('string')
    const ids = backendIdsOf(claims)!
    expect(ids.workflowRunBackendId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    const other = backendIdsOf(decodeJwtUnverified(d.token({ job: 'other' })))!
    expect(other.workflowRunBackendId).toBe(ids.workflowRunBackendId)
    expect(other.workflowJobRunBackendId).not.toBe(ids.workflowJobRunBackendId)
    const otherRun = backendIdsOf(decodeJwtUnverified(d.token({ runId: 1 })))!
    expect(otherRun.workflowRunBackendId).not.toBe(ids.workflowRunBackendId)
  })
})

describe('@actions/artifact through the artifact service', () => {
  let id: number
  let digest: string

  it('uploads a zip with retentionDays: CreateArtifact, staged blocks + block list, FinalizeArtifact', async () => {
    const src = files('upload')
    const t0 = Date.now()
    const up = await client.uploadArtifact('build-record', src.paths, src.dir, { retentionDays: 3 })
    id = up.id!
    digest = up.digest!
    expect(id).toBeGreaterThan(0)
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
    expect(d.stats.byRoute()).toMatchObject({
      'artifact.CreateArtifact': 1,
      'artifact.blob.putBlockList': 1,
      'artifact.FinalizeArtifact': 1
    })
    expect(d.stats.count('artifact.blob.putBlock')).toBeGreaterThanOrEqual(1)
    expect(d.stats.count('blob.')).toBe(0)
    const stored = d.store.artifacts.get(id)!
    expect(stored).toMatchObject({
      name: 'build-record',
      finalized: true,
      size: up.size,
      digest: `sha256:${digest}`,
      contentType: 'application/zip',
      runId: d.runId,
      ref: 'refs/heads/main'
    })
    expect(stored.expiresAt.getTime() - t0).toBeGreaterThanOrEqual(3 * DAY - 60_000)
    expect(stored.expiresAt.getTime() - t0).toBeLessThanOrEqual(3 * DAY + 60_000)
    // The same name again in the run: 409 already_exists, not retried.
    await expect(client.uploadArtifact('build-record', src.paths, src.dir)).rejects.toThrow(
      /non-retryable error: Failed request: \(409\).*already exists/
    )
    expect(d.stats.count('artifact.CreateArtifact')).toBe(2)
  })

  it('lists it, with the expiry on the REST API', async () => {
    const { artifacts } = await client.listArtifacts()
    expect(artifacts).toEqual([
      {
        name: 'build-record',
        id,
        size: d.store.artifacts.get(id)!.size,
        createdAt: expect.any(Date),
        digest: `sha256:${digest}`
      }
    ])
    const gh = getOctokit(d.githubToken, { baseUrl: d.url })
    const [owner, repo] = d.repository.split('/')
    const run = await gh.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: d.runId })
    expect(run.data.total_count).toBe(1)
    expect(run.data.artifacts[0]).toMatchObject({
      id,
      name: 'build-record',
      expired: false,
      expires_at: d.store.artifacts
        .get(id)!
        .expiresAt.toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      digest: `sha256:${digest}`,
      workflow_run: { id: d.runId, head_branch: 'main' }
    })
    // Another job of the run sees it; another run does not.
    const merge = d.token({ job: 'merge' })
    const other = await twirp('ListArtifacts', idsOf(merge), merge)
    expect(other.body.artifacts).toEqual([
      expect.objectContaining({ database_id: String(id), name: 'build-record', digest: `sha256:${digest}` })
    ])
    const foreign = d.token({ runId: 1 })
    expect((await twirp('ListArtifacts', idsOf(foreign), foreign)).body).toEqual({ artifacts: [] })
    // Naming a run that is not the token's: permission_denied.
    expect(await twirp('ListArtifacts', idsOf(foreign), process.env.ACTIONS_RUNTIME_TOKEN!)).toMatchObject({
      status: 403,
      body: { code: 'permission_denied' }
    })
  })

  it('downloads it by id, byte for byte, with the digest', async () => {
    const out = join(work, 'download')
    const res = await client.downloadArtifact(id, { path: out, expectedHash: `sha256:${digest}` })
    expect(res).toEqual({ downloadPath: out, digestMismatch: false })
    const src = join(work, 'upload')
    for (const f of ['record.json', join('sub', 'blob.bin')])
      expect(Buffer.compare(readFileSync(join(out, f)), readFileSync(join(src, f)))).toBe(0)
    expect(d.stats.byRoute()).toMatchObject({
      'artifact.ListArtifacts': 1,
      'artifact.GetSignedArtifactURL': 1,
      'artifact.blob.get': 1
    })
  })

  it('deletes it', async () => {
    expect(await client.deleteArtifact('build-record')).toEqual({ id })
    expect(d.stats.count('artifact.DeleteArtifact')).toBe(1)
    expect(d.store.artifacts.get(id)).toBeUndefined()
    expect((await client.listArtifacts()).artifacts).toEqual([])
    await expect(client.deleteArtifact('build-record')).rejects.toThrow(
      /Artifact not found for name: build-record/
    )
  })
})

describe('retention', () => {
  it('caps expires_at at the repository retention and drops expired artifacts from the services', async () => {
    const src = files('retention')
    const up = await client.uploadArtifact('short-lived', src.paths, src.dir, { retentionDays: 400 })
    const a = d.store.artifacts.get(up.id!)!
    expect(Math.round((a.expiresAt.getTime() - Date.now()) / DAY)).toBe(30)

    a.expiresAt = new Date(Date.now() - 1000)
    expect((await client.listArtifacts()).artifacts).toEqual([])
    await expect(client.downloadArtifact(up.id!, { path: join(work, 'expired') })).rejects.toThrow(
      /No artifacts found for ID/
    )
    const gh = getOctokit(d.githubToken, { baseUrl: d.url })
    const [owner, repo] = d.repository.split('/')
    const listed = await gh.rest.actions.getArtifact({ owner, repo, artifact_id: up.id! })
    expect(listed.data.expired).toBe(true)
    await expect(
      gh.rest.actions.downloadArtifact({ owner, repo, artifact_id: up.id!, archive_format: 'zip' })
    ).rejects.toMatchObject({ status: 410 })
    // The name is free again in the run.
    const again = await client.uploadArtifact('short-lived', src.paths, src.dir)
    expect(again.id).not.toBe(up.id)
    await client.deleteArtifact('short-lived')
  })
})

describe('a single file without a zip', () => {
  it('uploads and downloads under its own name (Content-Disposition)', async () => {
    const src = files('raw')
    const up = await client.uploadArtifact('ignored', [src.paths[0]], src.dir, { skipArchive: true })
    expect(d.store.artifacts.get(up.id!)).toMatchObject({
      name: 'record.json',
      contentType: 'application/json'
    })
    const out = join(work, 'raw-out')
    await client.downloadArtifact(up.id!, { path: out })
    expect(readFileSync(join(out, 'record.json'), 'utf8')).toBe(readFileSync(src.paths[0], 'utf8'))
    expect(existsSync(join(out, 'artifact'))).toBe(false)
    await client.deleteArtifact('record.json')
  })
})

describe('faults on the artifact routes', () => {
  it('a 500 on FinalizeArtifact and a 429 on ListArtifacts are retried by the client', async () => {
    const src = files('faults')
    d.faults.serverError({ status: 500, count: 1, match: 'artifact.FinalizeArtifact' })
    const up = await client.uploadArtifact('flaky', src.paths, src.dir)
    const finals = d.stats.forRoute('artifact.FinalizeArtifact')
    expect(finals.map(r => [r.status, r.fault])).toEqual([
      [500, 'server-error'],
      [200, undefined]
    ])
    // @actions/artifact waits 3 s before its first retry.
    expect(finals[1].start - finals[0].end).toBeGreaterThanOrEqual(2900)

    d.faults.rateLimit({ status: 429, retryAfter: 1, match: 'artifact.ListArtifacts' })
    const { artifacts } = await client.listArtifacts()
    expect(artifacts.map(a => a.id)).toEqual([up.id])
    expect(d.stats.forRoute('artifact.ListArtifacts').map(r => r.status)).toEqual([429, 200])
  }, 30000)

  it('a refused blob upload fails the upload before FinalizeArtifact', async () => {
    const src = files('broken')
    d.faults.serverError({ status: 403, every: 1, match: 'artifact.blob.' })
    try {
      await expect(client.uploadArtifact('broken', src.paths, src.dir)).rejects.toThrow(/Server Error/)
    } finally {
      d.faults.clear()
    }
    expect(d.stats.forRoute('artifact.blob.').map(r => r.status)).toEqual([403])
    expect(d.stats.count('artifact.FinalizeArtifact')).toBe(0)
    expect(d.store.artifacts.all().filter(a => a.name === 'broken')).toEqual([
      expect.objectContaining({ finalized: false, data: null })
    ])
    expect((await client.listArtifacts()).artifacts.map(a => a.name)).toEqual(['flaky'])
  })
})
