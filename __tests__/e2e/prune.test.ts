// prune, bundled, through the runner emulation: the gha target against the GitHub cache services
// double (seeded fixtures, 2,000 entries under a rate limit, entries real BuildKit wrote), the registry
// target against a private registry on loopback (multi-arch image kept whole, garbage collection).
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Job } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { manifest } from '../../test-support/registry.js'
import { dockerSpy } from '../../test-support/docker-spy.mjs'
import { startDouble, type Double, type Entry } from '../../test-support/gh-double/index.mjs'
import { inlineMarkup, render } from '../helpers/hostile.js'

const H = 3600e3
const D = 24 * H
const unique = `${Date.now()}`
const cleanup: (() => unknown)[] = []
afterAll(async () => {
  for (const f of cleanup.reverse()) await f()
})
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

// Asynchronous: the double answers from this process's event loop.
const docker = async (e: Record<string, string>, ...args: string[]) =>
  (
    await promisify(execFile)('docker', args, {
      env: { ...process.env, ...e },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024
    })
  ).stdout

/** A job whose REST and cache service are the double's (the default branch from the event, as on push). */
function ghaJob(d: Double, o: { ref?: string; env?: Record<string, string> } = {}) {
  const job = new Job({
    env: { ...d.env({ ref: o.ref }), ...o.env },
    event: { repository: { default_branch: d.github.defaultBranch } }
  })
  cleanup.push(() => job.dispose())
  return job
}

const keys = (d: Double) => d.store.list().map(e => e.key)

describe('gha: selectors on seeded fixtures', () => {
  let d: Double
  beforeAll(async () => {
    d = await startDouble({
      branches: ['main', 'dev'],
      pulls: [
        { number: 1, state: 'closed', base: 'main' },
        { number: 2, state: 'open', base: 'dev' },
        { number: 3, state: 'closed', merged: true, base: 'main' }
      ]
    })
  })
  afterAll(() => d.close())

  const now = Date.now()
  const fixtures = () => {
    d.reset()
    return d.store.seed([
      { key: 'npm-pr1', ref: 'refs/pull/1/merge', size: 1000 },
      { key: 'npm-pr2', ref: 'refs/pull/2/merge', size: 1000 },
      { key: 'npm-pr3', ref: 'refs/pull/3/merge', size: 1000 },
      { key: 'npm-gone', ref: 'refs/heads/gone', size: 1000 },
      { key: 'npm-dev-old', ref: 'refs/heads/dev', size: 3000, lastAccessedAt: new Date(now - 10 * D) },
      { key: 'npm-dev-new', ref: 'refs/heads/dev', size: 3000, lastAccessedAt: new Date(now - H) },
      { key: 'npm-main-old', ref: 'refs/heads/main', size: 5000, lastAccessedAt: new Date(now - 20 * D) },
      { key: 'pip-main', ref: 'refs/heads/main', size: 5000 },
      { key: 'pip-dev', ref: 'refs/heads/dev', size: 2000, lastAccessedAt: new Date(now - 2 * D) }
    ])
  }
  const byKey = (seeded: Entry[], ...k: string[]) => k.map(key => seeded.find(e => e.key === key)!.id).sort()
  const deletedIds = (before: number[]) => before.filter(id => !d.store.get(id)).sort()

  test.each([
    [{ gha: 'closed-prs' }, ['npm-pr1', 'npm-pr3'], null],
    [{ gha: 'deleted-branches' }, ['npm-gone'], null],
    [{ gha: 'stale', 'older-than': '7d' }, ['npm-dev-old'], null],
    [
      { gha: 'stale', 'older-than': '7d', 'include-default-branch': true },
      ['npm-dev-old', 'npm-main-old'],
      null
    ],
    [{ gha: 'key-prefix', 'key-prefix': 'pip-' }, ['pip-dev'], null],
    // 22 kB listed; down to 12 kB: the least recently used of the other refs first, main untouched.
    [
      { gha: 'max-total-size', 'max-total-size': '12kB' },
      ['npm-dev-old', 'pip-dev', 'npm-dev-new', 'npm-pr1', 'npm-pr2'],
      null
    ],
    // Only that ref is listed (kept counts what was listed).
    [{ gha: 'closed-prs', refs: 'refs/pull/3/merge' }, ['npm-pr3'], 0]
  ] as [Record<string, string | boolean>, string[], number | null][])(
    '%j deletes exactly %j',
    async (inputs, expected, kept) => {
      const seeded = fixtures()
      const ids = seeded.map(e => e.id)
      const dry = await ghaJob(d).run('prune', { ...inputs, 'dry-run': true })
      expect(dry.errors).toEqual([])
      expect(deletedIds(ids)).toEqual([])
      expect(dry.outputs['deleted-count']).toBe(String(expected.length))
      expect(dry.summary).toContain('### prune: gha (dry run)')

      const r = await ghaJob(d).run('prune', inputs)
      expect(r.errors).toEqual([])
      expect(r.code).toBe(0)
      expect(deletedIds(ids)).toEqual(byKey(seeded, ...expected))
      expect(r.outputs).toEqual({
        'deleted-count': String(expected.length),
        'deleted-bytes': String(seeded.filter(e => expected.includes(e.key)).reduce((n, e) => n + e.size, 0)),
        'kept-count': String(kept ?? seeded.length - expected.length),
        'failed-count': '0'
      })
      for (const k of expected) expect(r.summary).toContain(`| ${k} (`)
    }
  )

  test('a pull request closed: listing only its ref, one page, then its deletions', async () => {
    fixtures()
    d.stats.reset()
    const r = await ghaJob(d, { ref: 'refs/pull/3/merge' }).run('prune', {
      gha: 'closed-prs',
      refs: 'refs/pull/3/merge'
    })
    expect(r.code).toBe(0)
    expect(d.stats.byRoute()).toEqual({
      'rest.listCaches': 1,
      'rest.listPulls': 1,
      'rest.deleteCacheById': 1
    })
    expect(d.stats.forRoute('rest.listCaches')[0].path).toContain('ref=refs%2Fpull%2F3%2Fmerge')
  })

  test('a failed deletion is retried, then reported; the rest go on and the step warns', async () => {
    const seeded = fixtures()
    const broken = seeded.find(e => e.key === 'npm-pr1')!.id
    // A proxy in front of the double answers 502 for one entry, every time.
    const proxy = http.createServer((req, res) => {
      if (req.method === 'DELETE' && req.url?.endsWith(`/actions/caches/${broken}`)) {
        res.writeHead(502, { 'Content-Type': 'application/json' })
        return res.end('{"message":"Bad Gateway"}')
      }
      const up = http.request(d.url + req.url, { method: req.method, headers: req.headers }, u => {
        res.writeHead(u.statusCode ?? 500, u.headers)
        u.pipe(res)
      })
      req.pipe(up)
    })
    await new Promise<void>(r => proxy.listen(0, '127.0.0.1', r))
    cleanup.push(() => proxy.close())
    const port = (proxy.address() as { port: number }).port
    const r = await ghaJob(d, { env: { GITHUB_API_URL: `http://127.0.0.1:${port}` } }).run('prune', {
      gha: 'closed-prs,deleted-branches'
    })
    expect(r.code).toBe(0)
    expect(r.outputs['deleted-count']).toBe('2')
    expect(r.outputs['failed-count']).toBe('1')
    expect(keys(d)).toContain('npm-pr1')
    expect(keys(d)).not.toContain('npm-pr3')
    expect(r.warnings).toEqual([
      'gha: 1 deletions failed after retries; the next run retries them',
      expect.stringMatching(/^gha: npm-pr1 \(refs\/pull\/1\/merge\) not deleted: HTTP 502/)
    ])
    expect(r.summary).toMatch(/\| npm-pr1 \(refs\/pull\/1\/merge\) \| PR #1 closed — not deleted: HTTP 502/)
  })

  test('a token without actions: write fails the step in one line, after at most one round of requests', async () => {
    fixtures()
    d.stats.reset()
    const r = await ghaJob(d).run('prune', {
      gha: 'key-prefix',
      'key-prefix': 'npm-',
      token: d.issueGithubToken({ actions: 'read' })
    })
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([
      'gha: the token may not delete caches (HTTP 403: Resource not accessible by integration); it needs the actions: write permission'
    ])
    expect(d.stats.count('rest.deleteCacheById')).toBeLessThanOrEqual(6)
    expect(d.store.list()).toHaveLength(9)
    // What stayed is reported truthfully: every entry kept, the picked ones as not deleted.
    expect(r.outputs).toEqual({
      'deleted-count': '0',
      'deleted-bytes': '0',
      'kept-count': '9',
      'failed-count': '6'
    })
    expect(r.summary).toContain('### prune: gha')
    expect(r.summary).toContain('0 deleted, 0B; 9 kept; 6 failed')
    expect(r.summary).toMatch(/\| npm-pr1 \(refs\/pull\/1\/merge\) \| key prefix .* not deleted/)
  })

  test('keys a pull request wrote: the summary shows them as text (no link, no remote image), the log runs none', async () => {
    d.reset()
    const hostile = [
      'npm-[link](https://evil.example/x)',
      'npm-![img](https://evil.example/p.png)<img src=https://evil.example/q.png>',
      'npm-\n::error title=X::injected'
    ]
    d.store.seed(hostile.map(key => ({ key, ref: 'refs/pull/1/merge', size: 10 })))
    const r = await ghaJob(d).run('prune', { gha: 'closed-prs' })
    expect(r.errors).toEqual([])
    expect(r.outputs['deleted-count']).toBe('3')
    expect(r.summary).toContain('### prune: gha')
    expect(inlineMarkup(r.summary)).toEqual([])
    expect(render(r.summary)).not.toMatch(/<(a|img)\b/)
  })

  test('refs naming only the default branch, without include-default-branch: one line why nothing can go', async () => {
    fixtures()
    d.stats.reset()
    const inputs = { gha: 'stale', 'older-than': '7d', refs: 'refs/heads/main' }
    const r = await ghaJob(d).run('prune', inputs)
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([
      'gha: refs names only refs/heads/main, the default branch, whose caches stale never picks unless include-default-branch is true: set include-default-branch: true to prune them, or name other refs'
    ])
    expect(d.stats.count('rest.deleteCacheById')).toBe(0)
    expect(d.store.list()).toHaveLength(9)
    const ok = await ghaJob(d).run('prune', { ...inputs, 'include-default-branch': true })
    expect(ok.errors).toEqual([])
    expect(ok.outputs['deleted-count']).toBe('1')
    expect(keys(d)).not.toContain('npm-main-old')
  })

  test('a token the API refuses: one line naming the failure', async () => {
    fixtures()
    const r = await ghaJob(d).run('prune', { gha: 'closed-prs', token: 'ghs_not-a-token' })
    expect(r.code).toBe(1)
    expect(r.errors).toEqual(["gha: reading the repository's caches: HTTP 401: Bad credentials"])
    expect(d.store.list()).toHaveLength(9)
  })

  test('bad input: one line, before any request', async () => {
    d.stats.reset()
    const spy = dockerSpy(engineEnv())
    const r = await ghaJob(d, { env: { ...spy.env } }).run('prune', { gha: 'stale' })
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([
      "input 'older-than': got ''; accepted: a duration such as 7d (gha: stale needs it)"
    ])
    expect(r.stdout).not.toMatch(/^\s+at /m)
    expect(d.stats.count()).toBe(0)
    expect(spy.calls()).toEqual([])
  })
})

describe('gha: 2,000 entries under a rate limit', () => {
  let d: Double
  beforeAll(async () => {
    d = await startDouble()
  })
  afterAll(() => d.close())

  test('all deleted, Retry-After and the rate-limit reset honoured, requests ≤ deletions + list pages + limited answers', async () => {
    d.store.seed(
      Array.from({ length: 2000 }, (_, i) => ({ key: `bulk-${i}`, ref: 'refs/heads/feature', size: 10 }))
    )
    // A secondary limit (429, Retry-After: 2) on the 500th deletion, a primary one (403, remaining 0,
    // reset in 2 s) on the 1500th. (A rule is dropped once it fired: each counts for itself.)
    const nth = (n: number) => {
      let seen = 0
      return (route: string) => route === 'rest.deleteCacheById' && ++seen === n
    }
    d.faults.rateLimit({ status: 429, retryAfter: 2, match: nth(500) })
    d.faults.rateLimit({ status: 403, kind: 'primary', retryAfter: 2, match: nth(1500) })
    d.stats.reset()
    const r = await ghaJob(d).run('prune', {
      gha: 'key-prefix',
      'key-prefix': 'bulk-',
      'deletes-per-minute': 60000
    })
    expect(r.errors).toEqual([])
    expect(r.outputs['deleted-count']).toBe('2000')
    expect(d.store.list()).toHaveLength(0)

    const limited = d.stats.requests.filter(q => q.fault)
    expect(limited.map(q => q.status)).toEqual([429, 403])
    const pages = d.stats.count('rest.listCaches')
    expect(pages).toBe(20)
    const total = d.stats.count()
    expect(total).toBeLessThanOrEqual(2000 + pages + limited.length)
    // Nothing started between a limited answer and the time it said to wait (give 150 ms for the
    // requests already on their way when the answer came).
    for (const q of limited) {
      const early = d.stats.requests.filter(x => x.start > q.end + 150 && x.start < q.start + 2000 - 50)
      expect(early).toEqual([])
    }
    console.log(
      `prune of 2,000 entries: ${total} requests (${pages} list pages, ${d.stats.count('rest.deleteCacheById')} deletes of which ${limited.length} rate-limited), ${r.ms} ms`
    )
  })
})

describe('gha: a primary rate limit that resets in an hour', () => {
  let d: Double
  beforeAll(async () => {
    d = await startDouble()
  })
  afterAll(() => d.close())

  test('the run stops, reports what it deleted and what it did not attempt, and the step fails', async () => {
    d.store.seed(Array.from({ length: 40 }, (_, i) => ({ key: `late-${i}`, ref: 'refs/heads/f', size: 10 })))
    let seen = 0
    d.faults.rateLimit({
      status: 403,
      kind: 'primary',
      retryAfter: 3600,
      match: (route: string) => route === 'rest.deleteCacheById' && ++seen === 10
    })
    const r = await ghaJob(d).run('prune', {
      gha: 'key-prefix',
      'key-prefix': 'late-',
      'deletes-per-minute': 60000
    })
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatch(
      /^gha: the API's rate limit stopped the run \(HTTP 403: .*\): \d+ of 40 deletions not attempted; the next run goes on from there$/
    )
    const deleted = Number(r.outputs['deleted-count'])
    expect(deleted).toBeGreaterThan(0)
    expect(deleted).toBeLessThan(40)
    expect(d.store.list()).toHaveLength(40 - deleted)
    expect(r.summary).toContain(`${deleted} deleted`)
  })
})

// ---- BuildKit's own entries: two real exports on the sid engine, then buildkit-gc ----

describe('gha: buildkit-gc on entries real BuildKit wrote', () => {
  const sid = engineEnv('sid')
  let d: Double
  let dir: string
  beforeAll(async () => {
    d = await startDouble({ branches: ['main'], pulls: [{ number: 7, state: 'open', base: 'main' }] })
    dir = tmp('ws-prune-gc-')
    writeFileSync(
      join(dir, 'Dockerfile'),
      [
        `FROM ${sid.E2E_BASE_IMAGE}`,
        `RUN echo "deps ${unique}" > /deps && sleep 1`,
        `RUN echo "more deps ${unique}" >> /deps`,
        'COPY app.txt /app.txt',
        'RUN cat /app.txt > /built'
      ].join('\n') + '\n'
    )
  })
  afterAll(() => d.close())

  const build = async (source: string, ref = 'refs/heads/main') => {
    writeFileSync(join(dir, 'app.txt'), `${source}\n`)
    const out = await promisify(execFile)(
      'docker',
      [
        'buildx',
        'build',
        '--progress=plain',
        '--cache-to',
        `type=gha,mode=max,scope=s-${unique}`,
        '--cache-from',
        `type=gha,scope=s-${unique}`,
        dir
      ],
      { env: { ...process.env, ...sid, ...d.env({ ref }) }, encoding: 'utf8' }
    )
    return out.stderr
  }
  /**
   * Dockerfile steps (not FROM) buildx printed as CACHED, or as loaded from the cache (extracted, then
   * DONE without running); lines of parallel steps interleave, so each step is found by its id.
   */
  const cachedSteps = (log: string) => {
    const ids = [...log.matchAll(/^#(\d+) \[\d\/5\] (RUN|COPY) /gm)].map(m => m[1])
    const cached = ids.filter(
      id =>
        new RegExp(`^#${id} CACHED$`, 'm').test(log) ||
        new RegExp(`^#${id} extracting sha256:[^\\n]*\\n(#${id} [^\\n]*\\n)*#${id} DONE`, 'm').test(log)
    )
    return { cached: new Set(cached).size, log }
  }
  const usage = () => d.store.totalSize()

  test('superseded indexes and unreferenced blobs go; the next build from a cold builder is still CACHED', async () => {
    await build('v1')
    await docker(sid, 'buildx', 'prune', '-af')
    const second = await build('v2')
    expect(cachedSteps(second)).toMatchObject({ cached: 2 }) // the deps, from the gha cache
    // A pull request's export: its index lives on refs/pull/7/merge, the runtime token of a job on main
    // cannot read it, and it may reference main's blobs.
    await build('pr-7', 'refs/pull/7/merge')
    const indexes = d.store.find(e => e.key.startsWith(`index-s-${unique}-1-`))
    expect(indexes.map(e => [e.key.replace(/-1-[0-9a-f]{8}#/, '-1-<hash>#'), e.ref])).toEqual([
      [`index-s-${unique}-1-<hash>#1`, 'refs/heads/main'],
      [`index-s-${unique}-1-<hash>#2`, 'refs/heads/main'],
      [`index-s-${unique}-1-<hash>#1`, 'refs/pull/7/merge']
    ])
    const before = usage()
    const blobsBefore = d.store.find(e => e.key.startsWith('buildkit-blob-1-sha256:'))

    // 1. The PR is open: main's superseded index goes; every blob the PR's index might use stays.
    const gc = ghaJob(d)
    const first = await gc.run('prune', { 'buildkit-gc': true, 'gc-grace': '0s' })
    expect(first.errors).toEqual([])
    expect(first.outputs['deleted-count']).toBe('1')
    expect(keys(d)).not.toContain(indexes[0].key)
    expect(first.warnings).toEqual([
      'gha: 1 live BuildKit index(es) could not be read (refs/pull/7/merge): every blob they might reference is kept'
    ])

    // 2. The PR closes: its entries go, and with them the last reason to keep main's v1 blobs.
    d.github.setPull({ number: 7, state: 'closed', base: 'main' })
    const second2 = await gc.run('prune', { gha: 'closed-prs', 'buildkit-gc': true, 'gc-grace': '0s' })
    expect(second2.errors).toEqual([])
    expect(second2.warnings).toEqual([])
    expect(d.store.find(e => e.ref === 'refs/pull/7/merge')).toEqual([])
    const blobsAfter = d.store.find(e => e.key.startsWith('buildkit-blob-1-sha256:'))
    expect(blobsAfter.length).toBeLessThan(blobsBefore.filter(b => b.ref === 'refs/heads/main').length)
    expect(second2.summary).toContain('BuildKit blob no live index references')
    expect(usage()).toBeLessThan(before)

    // 3. The live index still finds every blob it names: a cold builder gets its steps from the cache.
    await docker(sid, 'buildx', 'prune', '-af')
    const third = await build('v2')
    expect(cachedSteps(third)).toMatchObject({ cached: 4 })
    expect(third).not.toMatch(/ERROR|blob .* not found/)
    console.log(
      `buildkit-gc: usage ${before} → ${usage()} bytes; blobs ${blobsBefore.length} → ${blobsAfter.length}; entries left: ${keys(d).length}`
    )
  })
})

// ---- registry: a private registry on loopback (garbage collection must not race other tests) ----

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

describe('registry: stale cache manifests go, a kept multi-arch image stays whole', () => {
  const sid = engineEnv('sid')
  let reg: string
  let config: string
  let storage: string
  let registry: ChildProcess | undefined
  /** Serves `config` on `reg`; a port taken meanwhile makes it exit, and a /v2/ answer is then not ours. */
  const startRegistry = async () => {
    const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' })
    registry = child
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      try {
        if ((await fetch(`http://${reg}/v2/`)).ok) {
          await new Promise(r => setTimeout(r, 200))
          if (child.exitCode === null) return true
        }
      } catch {
        /* not up yet */
      }
      await new Promise(r => setTimeout(r, 100))
    }
    return false
  }
  const stopRegistry = async () => {
    if (!registry || registry.exitCode !== null) return
    const exited = new Promise(r => registry!.once('exit', r))
    registry.kill('SIGTERM')
    await exited
  }
  beforeAll(async () => {
    const root = tmp('prune-registry-')
    storage = join(root, 'storage')
    mkdirSync(storage)
    for (let attempt = 0; ; attempt++) {
      reg = `127.0.0.1:${await freePort()}`
      config = join(root, 'registry.yml')
      writeFileSync(
        config,
        `version: 0.1\nlog: { level: warn }\nstorage:\n  filesystem: { rootdirectory: ${storage} }\n  delete: { enabled: true }\nhttp: { addr: ${reg} }\n`
      )
      if (await startRegistry()) break
      await stopRegistry()
      if (attempt === 3) throw new Error('the private registry did not start')
    }
    cleanup.push(stopRegistry)
  })

  const du = async () =>
    Number(
      (await promisify(execFile)('du', ['-sb', join(storage, 'docker/registry/v2/blobs')])).stdout.split(
        '\t'
      )[0]
    )

  /** A context with its own layer, so each build has content of its own. */
  const context = (name: string) => {
    const dir = tmp(`ctx-${name}-`)
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${sid.E2E_BASE_IMAGE}\nCOPY data /data\n`)
    writeFileSync(join(dir, 'data'), `${name} ${unique} ${randomBytes(150000).toString('base64')}\n`)
    return dir
  }
  const buildx = (...args: string[]) => docker(sid, 'buildx', 'build', '--progress=plain', ...args)

  test('prune registry, then garbage-collect: the kept image still pulls, blobs are reclaimed', async () => {
    // docker names the registry localhost (insecure by default), prune its address.
    const repo = `localhost:${reg.split(':')[1]}/e2e/app`
    const api = `${reg}/e2e/app`
    // The multi-arch image: one image per platform (each with its provenance attestation), combined.
    await buildx('--platform', 'linux/amd64', '-t', `${repo}:amd64`, '--push', context('amd64'))
    await buildx('--platform', 'linux/arm64', '-t', `${repo}:arm64`, '--push', context('arm64'))
    await docker(
      sid,
      'buildx',
      'imagetools',
      'create',
      '-t',
      `${repo}:keep`,
      `${repo}:amd64`,
      `${repo}:arm64`
    )
    // Registry caches: main's (kept by keep-tags), two pull requests' (stale).
    for (const tag of ['cache-main', 'cache-pr-1', 'cache-pr-2'])
      await buildx('--cache-to', `type=registry,ref=${repo}:${tag},mode=max`, context(tag))
    await new Promise(r => setTimeout(r, 8000))
    // A fresh cache: newer than older-than.
    await buildx('--cache-to', `type=registry,ref=${repo}:cache-pr-3,mode=max`, context('cache-pr-3'))

    const kept = await manifest(`${api}:keep`)
    const children =
      (kept.body?.manifests as { digest: string; annotations?: Record<string, string> }[]) ?? []
    expect(children.length).toBe(4) // two platforms, two attestations
    expect(
      children.filter(c => c.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
    ).toHaveLength(2)

    // The images go too (registry-images), stale ones and their manifests that keep does not list.
    const inputs = { 'registry-repos': api, 'keep-tags': 'keep\ncache-main', 'older-than': '6s' }
    const job = new Job({ env: sid })
    cleanup.push(() => job.dispose())
    const dry = await job.run('prune', { ...inputs, 'registry-images': true, 'dry-run': true })
    expect(dry.errors).toEqual([])
    for (const tag of ['amd64', 'cache-pr-1']) expect((await manifest(`${api}:${tag}`)).status).toBe(200)

    const r = await job.run('prune', { ...inputs, 'registry-images': true })
    expect(r.errors).toEqual([])
    expect(r.code).toBe(0)
    expect(r.outputs['deleted-count']).toBe(dry.outputs['deleted-count'])
    // amd64 and arm64 (their indexes only: keep lists their manifests), cache-pr-1 and cache-pr-2.
    expect(r.outputs['deleted-count']).toBe('4')
    for (const tag of ['amd64', 'arm64', 'cache-pr-1', 'cache-pr-2'])
      expect([tag, (await manifest(`${api}:${tag}`)).status]).toEqual([tag, 404])
    for (const tag of ['keep', 'cache-main', 'cache-pr-3'])
      expect([tag, (await manifest(`${api}:${tag}`)).status]).toEqual([tag, 200])
    expect(r.summary).toContain('stale cache')
    // The two stale caches' own layers (150 kB of random bytes each) at least; the platform images'
    // layers stay with keep.
    const reported = Number(r.outputs['deleted-bytes'])
    expect(reported).toBeGreaterThan(2 * 150000)

    // Garbage collection reclaims the blobs only deleted manifests used.
    const before = await du()
    await stopRegistry()
    await promisify(execFile)('docker-registry', ['garbage-collect', config])
    expect(await startRegistry()).toBe(true)
    const after = await du()
    expect(before - after).toBeGreaterThanOrEqual(reported)

    // The kept image is whole: every platform and attestation manifest, every blob, and it pulls.
    for (const c of children) {
      const res = await fetch(`http://${reg}/v2/e2e/app/manifests/${c.digest}`, {
        headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' }
      })
      expect([c.digest, res.status]).toEqual([c.digest, 200])
      const m = (await res.json()) as { config: { digest: string }; layers: { digest: string }[] }
      for (const b of [m.config, ...m.layers]) {
        const head = await fetch(`http://${reg}/v2/e2e/app/blobs/${b.digest}`, { method: 'HEAD' })
        expect([b.digest, head.status]).toEqual([b.digest, 200])
      }
    }
    await docker(sid, 'pull', '--platform', 'linux/arm64', `${repo}:keep`)
    await docker(sid, 'rmi', `${repo}:keep`)
    console.log(
      `registry prune: ${r.outputs['deleted-count']} manifests, ${r.outputs['deleted-bytes']} bytes reported; blob store ${before} → ${after} bytes after garbage-collect`
    )
  })
})
