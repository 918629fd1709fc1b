// The GitHub cache services double against the real clients: @actions/cache (v2 twirp + Azure blob SDK,
// and v1), @azure/storage-blob block uploads and ranged reads, and octokit with throttling + retry.
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import * as cache from '@actions/cache'
import { getOctokit } from '@actions/github'
import { throttling } from '@octokit/plugin-throttling'
import { retry } from '@octokit/plugin-retry'
import { BlockBlobClient } from '@azure/storage-blob'
import {
  startDouble,
  decodeJwtUnverified,
  scopesOf,
  type Double
} from '../../test-support/gh-double/index.mjs'
import { twirpClient } from '../helpers/twirp.js'

const OWNER = 'octo-org'
const REPO = 'octo-repo'

let d: Double
let work: string
const savedEnv = { ...process.env }

beforeAll(async () => {
  d = await startDouble({
    pulls: [
      { number: 1, state: 'open', base: 'main', head: 'feature' },
      { number: 2, state: 'closed' }
    ],
    branches: ['main', 'feature']
  })
  work = mkdtempSync(join(tmpdir(), 'gh-double-'))
  process.env.RUNNER_TEMP = join(work, 'runner-temp')
  mkdirSync(process.env.RUNNER_TEMP)
})
afterAll(async () => {
  await d.close()
  rmSync(work, { recursive: true, force: true })
  process.env = savedEnv
})
beforeEach(() => d.stats.reset())

/** The environment the runner gives a job on `ref`, into process.env (where @actions/cache reads it). */
function runAs(ref: string, v2 = true) {
  const env = d.env({ ref })
  for (const [k, v] of Object.entries(env)) process.env[k] = v
  if (!v2) delete process.env.ACTIONS_CACHE_SERVICE_V2
}

function makeDir(name: string, content: string) {
  const dir = join(work, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'sub'), { recursive: true })
  writeFileSync(join(dir, 'a.txt'), content)
  writeFileSync(join(dir, 'sub', 'b.bin'), randomBytes(200_000))
  return dir
}

const twirp = twirpClient(() => d.url, 'github.actions.results.api.v1.CacheService')

describe('runtime token', () => {
  it('carries the ac claim as a JSON string of {Scope, Permission}, current ref first', () => {
    const claims = decodeJwtUnverified(d.token({ ref: 'refs/pull/1/merge' }))
    expect(typeof claims.ac).toBe('string')
    expect(typeof claims.exp).toBe('number')
    expect(typeof claims.nbf).toBe('number')
    expect(scopesOf(claims)).toEqual([
      { Scope: 'refs/pull/1/merge', Permission: 3 },
      { Scope: 'refs/heads/main', Permission: 1 }
    ])
  })

  it('is enforced: bad signature and expired tokens are unauthenticated, read-only tokens cannot write', async () => {
    const good = d.token()
    const forged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect(await twirp('CreateCacheEntry', { key: 'k', version: 'v' }, forged)).toMatchObject({
      status: 401,
      body: { code: 'unauthenticated' }
    })
    const expired = d.token({ ttlSeconds: -120 })
    expect((await twirp('GetCacheEntryDownloadURL', { key: 'k', version: 'v' }, expired)).status).toBe(401)
    const ro = d.token({ write: false })
    expect(await twirp('CreateCacheEntry', { key: 'k', version: 'v' }, ro)).toMatchObject({
      status: 200,
      body: { ok: false, message: expect.stringMatching(/^cache write denied:/) }
    })
    expect(await twirp('GetCacheEntryDownloadURL', { key: 'nothing', version: 'v' }, ro)).toMatchObject({
      status: 200,
      body: { ok: false }
    })
  })
})

describe('@actions/cache through cache service v2', () => {
  it('round-trips a directory: exact hit and restore-key hit, with last_accessed_at updated', async () => {
    runAs('refs/heads/main')
    expect(cache.isFeatureAvailable()).toBe(true)
    const dir = makeDir('v2dir', 'hello v2')
    const id = await cache.saveCache([dir], 'deps-linux-abc')
    expect(id).toBeGreaterThan(0)
    expect(d.stats.count('twirp.CreateCacheEntry')).toBe(1)
    expect(d.stats.count('twirp.FinalizeCacheEntryUpload')).toBe(1)
    expect(d.stats.count('blob.put')).toBeGreaterThanOrEqual(1)
    const entry = d.store.get(id)!
    expect(entry).toMatchObject({ key: 'deps-linux-abc', ref: 'refs/heads/main', finalized: true })
    const before = entry.lastAccessedAt.getTime()

    rmSync(dir, { recursive: true })
    await new Promise(r => setTimeout(r, 5))
    expect(await cache.restoreCache([dir], 'deps-linux-abc')).toBe('deps-linux-abc')
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello v2')
    expect(readFileSync(join(dir, 'sub', 'b.bin')).length).toBe(200_000)
    expect(d.stats.count('blob.get')).toBeGreaterThanOrEqual(1)
    expect(d.store.get(id)!.lastAccessedAt.getTime()).toBeGreaterThan(before)

    rmSync(dir, { recursive: true })
    expect(await cache.restoreCache([dir], 'deps-linux-xyz', ['deps-linux-', 'deps-'])).toBe('deps-linux-abc')
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello v2')
    // Same key again: the service refuses (409 already_exists), the client only logs it.
    expect(await cache.saveCache([dir], 'deps-linux-abc')).toBe(-1)
    // Different paths = different version: no hit.
    expect(await cache.restoreCache([join(work, 'elsewhere')], 'deps-linux-abc')).toBeUndefined()
  })

  it('scopes entries to the ref that wrote them: PR entries stay in the PR, main is visible to the PR', async () => {
    runAs('refs/pull/1/merge')
    const prDir = makeDir('prdir', 'from the PR')
    expect(await cache.saveCache([prDir], 'scoped-pr')).toBeGreaterThan(0)
    expect(d.store.find(e => e.key === 'scoped-pr')[0].ref).toBe('refs/pull/1/merge')

    runAs('refs/heads/main')
    rmSync(prDir, { recursive: true })
    expect(await cache.restoreCache([prDir], 'scoped-pr')).toBeUndefined()
    const mainDir = makeDir('maindir', 'from main')
    expect(await cache.saveCache([mainDir], 'scoped-main')).toBeGreaterThan(0)

    runAs('refs/pull/1/merge')
    rmSync(mainDir, { recursive: true })
    expect(await cache.restoreCache([mainDir], 'scoped-main')).toBe('scoped-main')
    expect(readFileSync(join(mainDir, 'a.txt'), 'utf8')).toBe('from main')
    expect(await cache.restoreCache([prDir], 'scoped-pr')).toBe('scoped-pr')
  })

  it('prefers the current scope, then the newest prefix match', async () => {
    d.store.seed([
      {
        key: 'pick-1',
        ref: 'refs/heads/main',
        version: 'V',
        createdAt: '2024-01-01T00:00:00Z',
        data: 'main-old'
      },
      {
        key: 'pick-2',
        ref: 'refs/heads/main',
        version: 'V',
        createdAt: '2024-01-03T00:00:00Z',
        data: 'main-new'
      },
      {
        key: 'pick-0',
        ref: 'refs/pull/1/merge',
        version: 'V',
        createdAt: '2024-01-02T00:00:00Z',
        data: 'pr'
      },
      { key: 'pick-9', ref: 'refs/heads/main', version: 'OTHER', createdAt: '2024-01-09T00:00:00Z' }
    ])
    const asPr = await twirp(
      'GetCacheEntryDownloadURL',
      { key: 'none', restore_keys: ['pick-'], version: 'V' },
      d.token({ ref: 'refs/pull/1/merge' })
    )
    expect(asPr.body).toMatchObject({ ok: true, matched_key: 'pick-0' })
    const asMain = await twirp(
      'GetCacheEntryDownloadURL',
      { key: 'pick-', restore_keys: ['pick-'], version: 'V' },
      d.token()
    )
    expect(asMain.body).toMatchObject({ ok: true, matched_key: 'pick-2' })
    const data = await fetch(asMain.body.signed_download_url).then(r => r.text())
    expect(data).toBe('main-new')
    // Signed URLs are capabilities: tampering is refused the way Azure refuses it.
    const bad = await fetch(asMain.body.signed_download_url.replace(/sig=[^&]+/, 'sig=xxxx'))
    expect(bad.status).toBe(403)
    expect(bad.headers.get('x-ms-error-code')).toBe('AuthenticationFailed')
  })
})

describe('@actions/cache through cache service v1', () => {
  it('round-trips with reserve, chunked PATCH, commit and lookup', async () => {
    runAs('refs/heads/main', false)
    const dir = makeDir('v1dir', 'hello v1')
    const id = await cache.saveCache([dir], 'v1-key-1', { uploadChunkSize: 64 * 1024 })
    expect(id).toBeGreaterThan(0)
    expect(d.stats.count('v1.reserve')).toBe(1)
    expect(d.stats.count('v1.upload')).toBeGreaterThan(1)
    expect(d.stats.count('v1.commit')).toBe(1)
    rmSync(dir, { recursive: true })
    expect(await cache.restoreCache([dir], 'v1-key-2', ['v1-key-'])).toBe('v1-key-1')
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello v1')
    expect(d.stats.count('v1.getCacheEntry')).toBe(1)
    expect(d.stats.count('twirp.')).toBe(0)
  })
})

describe('Azure blob SDK against the signed URLs', () => {
  it('accepts staged blocks + block list and serves ranged, parallel reads and HEAD', async () => {
    const token = d.token()
    const created = await twirp('CreateCacheEntry', { key: 'blocks', version: 'V' }, token)
    expect(created.body.ok).toBe(true)
    const data = Buffer.alloc(300_000)
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251
    await new BlockBlobClient(created.body.signed_upload_url).uploadData(data, {
      blockSize: 64 * 1024,
      maxSingleShotSize: 64 * 1024,
      concurrency: 3
    })
    expect(d.stats.count('blob.putBlock')).toBe(5)
    expect(d.stats.count('blob.putBlockList')).toBe(1)
    const fin = await twirp(
      'FinalizeCacheEntryUpload',
      { key: 'blocks', version: 'V', size_bytes: data.length },
      token
    )
    expect(fin.body).toMatchObject({ ok: true, entry_id: expect.stringMatching(/^\d+$/) })

    const found = await twirp('GetCacheEntryDownloadURL', { key: 'blocks', version: 'V' }, token)
    const client = new BlockBlobClient(found.body.signed_download_url)
    expect((await client.getProperties()).contentLength).toBe(data.length)
    const buf = await client.downloadToBuffer(0, data.length, { blockSize: 50_000, concurrency: 4 })
    expect(Buffer.compare(buf, data)).toBe(0)
    expect(d.stats.count('blob.head')).toBeGreaterThanOrEqual(1)
    expect(d.stats.forRoute('blob.get').filter(r => r.status === 206).length).toBeGreaterThanOrEqual(6)

    const tail = await fetch(found.body.signed_download_url, { headers: { Range: 'bytes=299990-' } })
    expect(tail.status).toBe(206)
    expect(tail.headers.get('content-range')).toBe(`bytes 299990-299999/${data.length}`)
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(data.subarray(299990))
  })
})

describe('REST cache API with octokit (throttling + retry)', () => {
  const seen = { rate: [] as number[], secondary: [] as number[] }
  const octokit = () =>
    getOctokit(
      d.githubToken,
      {
        baseUrl: d.url,
        throttle: {
          onRateLimit: (after: number, _o: unknown, _k: unknown, count: number) => {
            seen.rate.push(after)
            return count < 2
          },
          onSecondaryRateLimit: (after: number, _o: unknown, _k: unknown, count: number) => {
            seen.secondary.push(after)
            return count < 2
          }
        },
        retry: { retries: 2 }
      },
      throttling,
      retry
    )

  it('pages through more than 100 entries with Link headers and sorts', async () => {
    d.store.clear()
    const base = Date.parse('2024-05-01T00:00:00Z')
    d.store.seed(
      Array.from({ length: 250 }, (_, i) => ({
        key: `page-${String(i).padStart(3, '0')}`,
        ref: i % 2 ? 'refs/heads/main' : 'refs/pull/2/merge',
        size: 1000 + i,
        createdAt: new Date(base + i * 1000),
        lastAccessedAt: new Date(base + (250 - i) * 1000)
      }))
    )
    const gh = octokit()
    const all = await gh.paginate(gh.rest.actions.getActionsCacheList, {
      owner: OWNER,
      repo: REPO,
      per_page: 100
    })
    expect(all).toHaveLength(250)
    expect(d.stats.count('rest.listCaches')).toBe(3)
    expect(d.stats.requests[1].path).toMatch(/^\/repositories\/\d+\/actions\/caches\?per_page=100&page=2$/)
    expect(Object.keys(all[0]).sort()).toEqual([
      'created_at',
      'id',
      'key',
      'last_accessed_at',
      'ref',
      'size_in_bytes',
      'version'
    ])
    // default: last_accessed_at desc
    expect(all[0].key).toBe('page-000')

    const first = await gh.rest.actions.getActionsCacheList({
      owner: OWNER,
      repo: REPO,
      per_page: 100,
      page: 1
    })
    expect(first.headers.link).toContain('rel="next"')
    expect(first.headers.link).toContain('page=3>; rel="last"')
    expect(first.headers['x-ratelimit-limit']).toBe('5000')

    const bySize = await gh.rest.actions.getActionsCacheList({
      owner: OWNER,
      repo: REPO,
      sort: 'size_in_bytes',
      direction: 'asc',
      per_page: 5
    })
    expect(bySize.data.total_count).toBe(250)
    expect(bySize.data.actions_caches!.map(c => c.size_in_bytes)).toEqual([1000, 1001, 1002, 1003, 1004])
    const prOnly = await gh.rest.actions.getActionsCacheList({
      owner: OWNER,
      repo: REPO,
      ref: 'refs/pull/2/merge',
      key: 'page-00'
    })
    expect(prOnly.data.total_count).toBe(5)

    const usage = await gh.rest.actions.getActionsCacheUsage({ owner: OWNER, repo: REPO })
    expect(usage.data).toMatchObject({ full_name: `${OWNER}/${REPO}`, active_caches_count: 250 })
  })

  it('deletes by id (204) and by key+ref (200 with the deleted entries)', async () => {
    const gh = octokit()
    const [victim] = d.store.find(e => e.key === 'page-010')
    const byId = await gh.rest.actions.deleteActionsCacheById({
      owner: OWNER,
      repo: REPO,
      cache_id: victim.id
    })
    expect(byId.status).toBe(204)
    expect(d.store.get(victim.id)).toBeUndefined()
    d.store.seed([
      { key: 'dup', ref: 'refs/heads/main', size: 1 },
      { key: 'dup', ref: 'refs/heads/feature', size: 2 }
    ])
    const byKey = await gh.rest.actions.deleteActionsCacheByKey({
      owner: OWNER,
      repo: REPO,
      key: 'dup',
      ref: 'refs/heads/feature'
    })
    expect(byKey.status).toBe(200)
    expect(byKey.data.actions_caches!.map(c => c.ref)).toEqual(['refs/heads/feature'])
    expect(d.store.find(e => e.key === 'dup')).toHaveLength(1)
    await expect(
      gh.rest.actions.deleteActionsCacheByKey({ owner: OWNER, repo: REPO, key: 'missing' })
    ).rejects.toMatchObject({ status: 404 })

    const ro = getOctokit(d.issueGithubToken({ actions: 'read' }), { baseUrl: d.url })
    await expect(
      ro.rest.actions.deleteActionsCacheById({ owner: OWNER, repo: REPO, cache_id: 1 })
    ).rejects.toMatchObject({ status: 403 })
  })

  it('backs off on an injected 429 for Retry-After seconds, and on a primary 403', async () => {
    seen.rate.length = 0
    seen.secondary.length = 0
    const gh = octokit()
    d.faults.rateLimit({ status: 429, retryAfter: 1, match: 'rest.listCaches' })
    const res = await gh.rest.actions.getActionsCacheList({ owner: OWNER, repo: REPO, per_page: 1 })
    expect(res.status).toBe(200)
    const calls = d.stats.forRoute('rest.listCaches')
    expect(calls.map(c => [c.status, c.fault])).toEqual([
      [429, 'rate-limit'],
      [200, undefined]
    ])
    expect(calls[1].start - calls[0].end).toBeGreaterThanOrEqual(950)
    expect(seen.secondary).toEqual([1])

    d.faults.rateLimit({ status: 403, kind: 'primary', retryAfter: 1, match: 'rest.getPull' })
    const pr = await gh.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 2 })
    expect(pr.data).toMatchObject({ number: 2, state: 'closed' })
    expect(d.stats.forRoute('rest.getPull').map(c => c.status)).toEqual([403, 200])
    expect(seen.rate).toHaveLength(1)
  }, 20000)

  it('retries injected 5xx and answers branch / pull request queries', async () => {
    const gh = octokit()
    d.faults.serverError({ status: 502, count: 1, match: 'rest.listBranches' })
    const branches = await gh.paginate(gh.rest.repos.listBranches, {
      owner: OWNER,
      repo: REPO,
      per_page: 100
    })
    expect(branches.map(b => b.name)).toEqual(['feature', 'main'])
    expect(d.stats.forRoute('rest.listBranches').map(c => c.status)).toEqual([502, 200])
    const repo = await gh.rest.repos.get({ owner: OWNER, repo: REPO })
    expect(repo.data.default_branch).toBe('main')
    const open = await gh.rest.pulls.list({ owner: OWNER, repo: REPO, state: 'open' })
    expect(open.data.map(p => [p.number, p.base.ref])).toEqual([[1, 'main']])
    d.github.branches.delete('feature')
    await expect(
      gh.rest.repos.getBranch({ owner: OWNER, repo: REPO, branch: 'feature' })
    ).rejects.toMatchObject({ status: 404 })
  }, 20000)

  it('counts every 3rd request as a 5xx when asked and delays slow routes', async () => {
    const rule = d.faults.serverError({ every: 3, match: 'rest.cacheUsage' })
    const gh = getOctokit(d.githubToken, { baseUrl: d.url })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push(
        await gh.rest.actions.getActionsCacheUsage({ owner: OWNER, repo: REPO }).then(
          r => r.status,
          e => e.status
        )
      )
    }
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500])
    d.faults.remove(rule)
    d.faults.slow({ delayMs: 300, count: 1, match: 'rest.getRepo' })
    const t0 = Date.now()
    await gh.rest.repos.get({ owner: OWNER, repo: REPO })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
  })
})

describe('primary rate limit and CLI', () => {
  it('answers 403 with x-ratelimit-remaining 0 once the REST budget is used up', async () => {
    const small = await startDouble({ rateLimit: { limit: 2 } })
    try {
      const get = () =>
        fetch(`${small.url}/repos/octo-org/octo-repo/actions/cache/usage`, {
          headers: { Authorization: `token ${small.githubToken}` }
        })
      const [a, b, c] = [await get(), await get(), await get()]
      expect([a.status, b.status, c.status]).toEqual([200, 200, 403])
      expect(b.headers.get('x-ratelimit-remaining')).toBe('0')
      expect(c.headers.get('x-ratelimit-remaining')).toBe('0')
      expect(Number(c.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
      expect((await c.json()).message).toMatch(/^API rate limit exceeded/)
    } finally {
      await small.close()
    }
  })

  it('the CLI prints the runner environment as one JSON line and serves until killed', async () => {
    const { spawn } = await import('node:child_process')
    const child = spawn(process.execPath, [
      'test-support/gh-double/cli.mjs',
      '--port',
      '0',
      '--ref',
      'refs/pull/3/merge',
      '--pr',
      '3:open:main'
    ])
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', c => {
          out += c
          if (out.includes('\n')) resolve(out.split('\n')[0])
        })
        child.on('error', reject)
        child.on('exit', code => reject(new Error(`cli exited ${code}`)))
      })
      const env = JSON.parse(line)
      expect(env).toMatchObject({
        ACTIONS_CACHE_SERVICE_V2: 'True',
        GITHUB_REF: 'refs/pull/3/merge',
        GITHUB_BASE_REF: 'main'
      })
      for (const k of [
        'ACTIONS_RESULTS_URL',
        'ACTIONS_RUNTIME_TOKEN',
        'ACTIONS_CACHE_URL',
        'GITHUB_API_URL',
        'GITHUB_SERVER_URL',
        'GITHUB_REPOSITORY',
        'GITHUB_TOKEN'
      ]) {
        expect(env[k]).toBeTruthy()
      }
      expect(scopesOf(decodeJwtUnverified(env.ACTIONS_RUNTIME_TOKEN)).map(s => s.Scope)).toEqual([
        'refs/pull/3/merge',
        'refs/heads/main'
      ])
      const res = await fetch(`${env.GITHUB_API_URL}/repos/${env.GITHUB_REPOSITORY}/pulls/3`, {
        headers: { Authorization: `Bearer ${env.GITHUB_TOKEN}` }
      })
      expect((await res.json()).state).toBe('open')
    } finally {
      child.kill('SIGTERM')
    }
  })
})
