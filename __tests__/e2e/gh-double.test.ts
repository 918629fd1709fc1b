// Real BuildKit (`--cache-to/--cache-from type=gha`) against the GitHub cache services double:
// sid (Docker 28.5 / buildx 0.29) speaks cache service v2 (twirp + Azure blob SDK), trixie
// (Docker 26.1 / buildx 0.13, BuildKit before v0.20) speaks only v1 (_apis/artifactcache).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getOctokit } from '@actions/github'
import { engineEnv } from '../../test-support/engine.js'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'

interface Run {
  code: number | null
  output: string
}

// Asynchronous on purpose: the double answers from this process's event loop.
function docker(env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', c => (output += c))
    child.stderr.on('data', c => (output += c))
    child.on('error', reject)
    child.on('close', code => resolve({ code, output }))
  })
}

/** Step ids of the Dockerfile RUN steps in a --progress=plain log, and whether each was CACHED. */
function runSteps(output: string): Array<{ name: string; cached: boolean }> {
  const steps: Array<{ name: string; cached: boolean }> = []
  for (const m of output.matchAll(/^#(\d+) (\[\d+\/\d+\] RUN .*)$/gm)) {
    if (steps.some(s => s.name === m[2])) continue
    steps.push({ name: m[2], cached: new RegExp(`^#${m[1]} CACHED$`, 'm').test(output) })
  }
  return steps
}

const indexKey = (scope: string, ref: string) =>
  `index-${scope}-1-${createHash('sha256').update(ref).digest('hex').slice(0, 8)}`

function context(base: string, marker: string, last = 'two') {
  const dir = mkdtempSync(join(tmpdir(), 'ghd-e2e-'))
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      `FROM ${base}`,
      `RUN echo "one ${marker}" > /one && dd if=/dev/urandom of=/blob bs=1M count=2 2>/dev/null`,
      `RUN echo "${last}" > /two`
    ].join('\n') + '\n'
  )
  return dir
}

async function listCaches(d: Double) {
  const gh = getOctokit(d.githubToken, { baseUrl: d.url })
  const [owner, repo] = d.repository.split('/')
  return gh.paginate(gh.rest.actions.getActionsCacheList, { owner, repo, per_page: 100 })
}

describe.each([
  { suite: 'sid', protocol: 'v2' },
  { suite: 'trixie', protocol: 'v1' }
])('BuildKit gha cache on $suite through the double ($protocol)', ({ suite, protocol }) => {
  const engine = engineEnv(suite)
  const marker = `${suite}-${Date.now()}`
  const scope = `ghd-${marker}`
  const dirs: string[] = []
  let d: Double
  const build = (ref: string, dir: string) =>
    docker({ ...process.env, ...engine, ...d.env({ ref }) }, [
      'buildx',
      'build',
      '--progress=plain',
      '--cache-to',
      `type=gha,mode=max,scope=${scope}`,
      '--cache-from',
      `type=gha,scope=${scope}`,
      dir
    ])
  const prune = () => docker({ ...process.env, ...engine }, ['buildx', 'prune', '-af'])

  beforeAll(async () => {
    d = await startDouble({ port: 0, pulls: [{ number: 7, state: 'open', base: 'main' }] })
  })
  afterAll(async () => {
    await d?.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  test('exports to the double, and a rebuild after `buildx prune -af` is CACHED from it', async () => {
    const dir = context(engine.E2E_BASE_IMAGE, marker)
    dirs.push(dir)
    const first = await build('refs/heads/main', dir)
    expect(first.output).toContain('exporting to GitHub Actions Cache')
    expect(first.code).toBe(0)
    expect(runSteps(first.output).map(s => s.cached)).toEqual([false, false])
    if (protocol === 'v2') {
      expect(d.stats.count('twirp.CreateCacheEntry')).toBeGreaterThanOrEqual(3)
      expect(d.stats.count('blob.put') + d.stats.count('blob.putBlockList')).toBeGreaterThanOrEqual(3)
      expect(d.stats.count('v1.')).toBe(0)
    } else {
      expect(d.stats.count('v1.reserve')).toBeGreaterThanOrEqual(3)
      expect(d.stats.count('v1.upload')).toBeGreaterThanOrEqual(3)
      expect(d.stats.count('twirp.')).toBe(0)
    }

    expect((await prune()).code).toBe(0)
    d.stats.reset()
    const second = await build('refs/heads/main', dir)
    expect(second.code).toBe(0)
    expect(runSteps(second.output)).toEqual([
      { name: expect.stringContaining('RUN echo "one'), cached: true },
      { name: expect.stringContaining('RUN echo "two"'), cached: true }
    ])
    expect(
      d.stats.count(protocol === 'v2' ? 'twirp.GetCacheEntryDownloadURL' : 'v1.getCacheEntry')
    ).toBeGreaterThanOrEqual(1)
    expect(d.stats.count('blob.get')).toBeGreaterThanOrEqual(1)

    const caches = await listCaches(d)
    const blobs = caches.filter(c => /^buildkit-blob-1-sha256:[0-9a-f]{64}$/.test(c.key!))
    expect(blobs.length).toBeGreaterThanOrEqual(3)
    expect(blobs.every(c => c.size_in_bytes! > 0 && c.ref === 'refs/heads/main')).toBe(true)
    expect(blobs.some(c => c.size_in_bytes! > 2 * 1024 * 1024)).toBe(true)
    const indexes = caches.filter(c => c.key!.startsWith(`${indexKey(scope, 'refs/heads/main')}#`))
    expect(indexes.map(c => c.key).sort()).toEqual([
      `${indexKey(scope, 'refs/heads/main')}#1`,
      `${indexKey(scope, 'refs/heads/main')}#2`
    ])
    expect(indexes.every(c => c.size_in_bytes! > 0)).toBe(true)
  })

  test('a PR run reads the default branch cache and writes its own scope, invisible to main', async () => {
    const pr = context(engine.E2E_BASE_IMAGE, marker, 'two from the PR')
    dirs.push(pr)
    expect((await prune()).code).toBe(0)
    const prBuild = await build('refs/pull/7/merge', pr)
    expect(prBuild.code).toBe(0)
    expect(runSteps(prBuild.output).map(s => s.cached)).toEqual([true, false])
    const prIndex = d.store.find(e => e.key.startsWith(`${indexKey(scope, 'refs/pull/7/merge')}#`))
    expect(prIndex.map(e => e.ref)).toEqual(['refs/pull/7/merge'])

    // main's token does not read the PR scope: the PR-only step is rebuilt.
    expect((await prune()).code).toBe(0)
    const mainBuild = await build('refs/heads/main', pr)
    expect(mainBuild.code).toBe(0)
    expect(runSteps(mainBuild.output).map(s => s.cached)).toEqual([true, false])
  })
})
