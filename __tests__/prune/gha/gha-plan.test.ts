import { BUILDKIT_VERSION as DOUBLE_VERSION } from '../../../test-support/gh-double/index.mjs'
import type { GhaOptions } from '../../../prune/inputs.js'
import {
  BUILDKIT_VERSION,
  blobKey,
  blobProtection,
  buildkitIndexes,
  buildkitKey,
  indexDigests,
  indexesToRead,
  planGha,
  readScopes,
  refHash,
  selectorPicks,
  type CacheEntry,
  type LiveIndex,
  type RepoFacts
} from '../../../prune/gha/gha-plan.js'

const NOW = Date.parse('2026-11-23T12:00:00Z')
const H = 3600e3
const D = 24 * H

const opts = (o: Partial<GhaOptions> = {}): GhaOptions => ({
  selectors: [],
  keyPrefixes: [],
  includeDefaultBranch: false,
  refs: [],
  buildkitGc: false,
  gcGraceMs: H,
  token: 't',
  deletesPerMinute: 180,
  ...o
})

let nextId = 1
const entry = (key: string, ref = 'refs/heads/main', o: Partial<CacheEntry> = {}): CacheEntry => ({
  id: nextId++,
  key,
  ref,
  version: BUILDKIT_VERSION,
  size: 100,
  createdAt: NOW - 2 * D,
  lastAccessedAt: NOW - 2 * H,
  ...o
})
const digest = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`
const blob = (c: string, ref?: string, o?: Partial<CacheEntry>) => entry(blobKey(digest(c)), ref, o)
const index = (scope: string, ref: string, n: number, o?: Partial<CacheEntry>) =>
  entry(`index-${scope}-1-${refHash(ref)}#${n}`, ref, { createdAt: NOW - 2 * D + n * H, ...o })
const ids = (list: { entry: CacheEntry }[]) => list.map(d => d.entry.id)

const facts: RepoFacts = {
  defaultBranch: 'main',
  branches: new Set(['main', 'dev']),
  openPulls: new Map([[2, 'dev']])
}

describe('BuildKit entries', () => {
  test('the version hash is sha256("|go-actionscache-1.0"), as go-actions-cache sends for every key', () => {
    expect(BUILDKIT_VERSION).toBe(DOUBLE_VERSION)
    expect(BUILDKIT_VERSION).toMatch(/^693bb701[0-9a-f]{56}$/)
  })
  test('the index key carries the first 8 hex of sha256 of the writing ref (seen from real BuildKit)', () => {
    expect(refHash('refs/heads/main')).toBe('f921bd05')
  })
  test.each([
    ['index-s-1-f921bd05#1', { kind: 'index', scope: 's', refHash: 'f921bd05', n: 1 }],
    [
      'index-e2e/app-linux-amd64-1-0123abcd#12',
      { kind: 'index', scope: 'e2e/app-linux-amd64', refHash: '0123abcd', n: 12 }
    ],
    [blobKey(digest('a')), { kind: 'blob', digest: digest('a') }],
    ['index-s-1-f921bd05', undefined],
    ['buildkit-blob-1-sha256:abc', undefined],
    ['npm-linux-abc', undefined]
  ])('%s', (key, want) => expect(buildkitKey({ key, version: BUILDKIT_VERSION })).toEqual(want))
  test('another version is not BuildKit', () =>
    expect(buildkitKey({ key: blobKey(digest('a')), version: 'f'.repeat(64) })).toBeUndefined())
  test('indexDigests reads layers[].blob of a cache config', () => {
    expect(
      indexDigests(JSON.stringify({ layers: [{ blob: digest('a') }, { blob: digest('b') }], records: [] }))
    ).toEqual([digest('a'), digest('b')])
    expect(() => indexDigests('{"records":[]}')).toThrow('not a BuildKit cache config (no layers)')
  })
})

describe('selectorPicks', () => {
  const list = [
    entry('npm-1', 'refs/pull/1/merge'), // PR 1 closed
    entry('npm-2', 'refs/pull/2/merge'), // PR 2 open
    entry('npm-3', 'refs/heads/gone'),
    entry('npm-4', 'refs/heads/dev', { lastAccessedAt: NOW - 10 * D }),
    entry('npm-5', 'refs/heads/main', { lastAccessedAt: NOW - 10 * D }),
    entry('pip-6', 'refs/heads/dev'),
    entry('npm-7', 'refs/tags/v1', { lastAccessedAt: NOW - 3 * D })
  ]
  const [pr1, pr2, gone, staleDev, staleMain, pip, tag] = list
  const picks = (o: Partial<GhaOptions>) => Object.fromEntries(selectorPicks(list, opts(o), facts, NOW))

  test('closed-prs: caches of pull requests that are not open', () =>
    expect(picks({ selectors: ['closed-prs'] })).toEqual({ [pr1.id]: 'PR #1 closed' }))
  test('deleted-branches: branch refs missing from the branch list', () =>
    expect(picks({ selectors: ['deleted-branches'] })).toEqual({ [gone.id]: 'branch gone deleted' }))
  test('stale: last access older than older-than; the default branch stays', () =>
    expect(picks({ selectors: ['stale'], olderThanMs: 7 * D })).toEqual({
      [staleDev.id]: 'unused for 10d (older-than 7d)'
    }))
  test('include-default-branch lets a selector pick the default branch', () =>
    expect(
      Object.keys(picks({ selectors: ['stale'], olderThanMs: 7 * D, includeDefaultBranch: true }))
    ).toEqual([String(staleDev.id), String(staleMain.id)]))
  test('key-prefix picks every key with one of the prefixes', () =>
    expect(Object.keys(picks({ selectors: ['key-prefix'], keyPrefixes: ['pip-', 'npm-7'] }))).toEqual([
      String(pip.id),
      String(tag.id)
    ]))
  test('selectors add up, with every reason', () => {
    const p = picks({
      selectors: ['closed-prs', 'stale', 'key-prefix'],
      olderThanMs: 2 * D,
      keyPrefixes: ['npm-']
    })
    expect(p[pr1.id]).toBe("PR #1 closed; key prefix 'npm-'")
    expect(p[tag.id]).toBe("unused for 3d (older-than 2d); key prefix 'npm-'")
    expect(p[pr2.id]).toBe("key prefix 'npm-'")
    expect(p[staleMain.id]).toBeUndefined()
  })
  test('refs: only entries of those refs', () =>
    expect(picks({ selectors: ['key-prefix'], keyPrefixes: ['npm-'], refs: ['refs/pull/2/merge'] })).toEqual({
      [pr2.id]: "key prefix 'npm-'"
    }))
})

describe('BuildKit indexes', () => {
  test('the newest per scope and ref is live (by creation, as the cache service answers); the rest superseded', () => {
    const a1 = index('a', 'refs/heads/main', 1)
    const a2 = index('a', 'refs/heads/main', 2)
    const a3 = index('a', 'refs/heads/main', 3)
    const b1 = index('b', 'refs/heads/main', 1)
    const pr = index('a', 'refs/pull/2/merge', 1)
    const { newest, superseded } = buildkitIndexes([a2, a3, b1, a1, pr, blob('1')])
    expect(newest.map(e => e.id).sort()).toEqual([a3.id, b1.id, pr.id].sort())
    expect(Object.fromEntries(superseded)).toEqual({
      [a1.id]: 'superseded BuildKit index (newest: #3)',
      [a2.id]: 'superseded BuildKit index (newest: #3)'
    })
  })
  test('read scopes: own ref and the default branch; a pull request also its base', () => {
    const branch = readScopes('refs/heads/dev', facts)
    expect(
      ['refs/heads/dev', 'refs/heads/main', 'refs/heads/other', 'refs/pull/2/merge'].map(branch)
    ).toEqual([true, true, false, false])
    const pr = readScopes('refs/pull/2/merge', facts)
    expect(
      ['refs/pull/2/merge', 'refs/heads/dev', 'refs/heads/main', 'refs/heads/x', 'refs/pull/3/merge'].map(pr)
    ).toEqual([true, true, true, false, false])
    // Base unknown: any branch could be it.
    const unknown = readScopes('refs/pull/9/merge', facts)
    expect(['refs/heads/x', 'refs/pull/3/merge'].map(unknown)).toEqual([true, false])
  })
  test('indexes to read: none without blobs, or when nothing could touch a blob', () => {
    const i1 = index('a', 'refs/heads/main', 1)
    expect(indexesToRead([i1], opts({ buildkitGc: true }), facts, NOW)).toEqual([])
    const b = blob('1')
    expect(indexesToRead([i1, b], opts({ selectors: ['closed-prs'] }), facts, NOW)).toEqual([])
    expect(indexesToRead([i1, b], opts({ buildkitGc: true }), facts, NOW)).toEqual([i1])
  })
  test('indexes to read: a blob a selector picks brings in the live indexes, minus those being deleted', () => {
    const live = index('a', 'refs/heads/dev', 1)
    const closed = index('a', 'refs/pull/1/merge', 1)
    const b = blob('1', 'refs/pull/1/merge')
    expect(indexesToRead([live, closed, b], opts({ selectors: ['closed-prs'] }), facts, NOW)).toEqual([live])
  })
})

describe('planGha', () => {
  test('buildkit-gc: superseded indexes and unreferenced blobs past the grace period go', () => {
    const base = blob('a')
    const v1 = blob('b')
    const v2 = blob('c')
    const fresh = blob('d', 'refs/heads/main', { lastAccessedAt: NOW - 10 * 60e3 })
    const i1 = index('s', 'refs/heads/main', 1)
    const i2 = index('s', 'refs/heads/main', 2)
    const other = entry('npm-x')
    const live: LiveIndex[] = [{ entry: i2, digests: [digest('a'), digest('c')] }]
    const p = planGha([base, v1, v2, fresh, i1, i2, other], opts({ buildkitGc: true }), facts, NOW, live)
    expect(Object.fromEntries(p.delete.map(d => [d.entry.id, d.reason]))).toEqual({
      [v1.id]: 'BuildKit blob no live index references',
      [i1.id]: 'superseded BuildKit index (newest: #2)'
    })
    expect(p.spared).toEqual([
      { entry: fresh, reason: 'unreferenced BuildKit blob used 10m ago (gc-grace 1h)' }
    ])
    expect(p.kept).toBe(5)
    expect(p.notes).toEqual([])
  })

  test('a blob referenced by a live index on any ref that reads it stays', () => {
    // The PR's index references a default-branch blob; the PR reads main, so main's copy is protected.
    const shared = blob('a')
    const prOwn = blob('b', 'refs/pull/2/merge')
    const prIndex = index('s', 'refs/pull/2/merge', 1)
    const mainIndex = index('s', 'refs/heads/main', 1)
    const live: LiveIndex[] = [
      { entry: mainIndex, digests: [] },
      { entry: prIndex, digests: [digest('a'), digest('b')] }
    ]
    const p = planGha([shared, prOwn, prIndex, mainIndex], opts({ buildkitGc: true }), facts, NOW, live)
    expect(p.delete).toEqual([])
  })

  test('the same digest on a ref the reader cannot see is not protected by it', () => {
    const onOtherPr = blob('a', 'refs/pull/3/merge')
    const mainIndex = index('s', 'refs/heads/main', 1)
    const live = [{ entry: mainIndex, digests: [digest('a')] }]
    const p = planGha([onOtherPr, mainIndex], opts({ buildkitGc: true }), facts, NOW, live)
    expect(ids(p.delete)).toEqual([onOtherPr.id])
  })

  test('an index that could not be read protects every blob in the scopes it reads', () => {
    const mainBlob = blob('a')
    const devBlob = blob('b', 'refs/heads/dev')
    const otherPrBlob = blob('c', 'refs/pull/5/merge')
    const prIndex = index('s', 'refs/pull/2/merge', 1)
    const p = planGha([mainBlob, devBlob, otherPrBlob, prIndex], opts({ buildkitGc: true }), facts, NOW, [
      { entry: prIndex }
    ])
    expect(ids(p.delete)).toEqual([otherPrBlob.id])
    expect(p.notes).toEqual([
      '1 live BuildKit index(es) could not be read (refs/pull/2/merge): every blob they might reference is kept'
    ])
    expect(blobProtection([{ entry: prIndex }], facts)(devBlob)).toBe(
      `may be referenced by ${prIndex.key} on refs/pull/2/merge (index not readable)`
    )
  })

  test('without buildkit-gc a selector still never deletes a referenced blob', () => {
    const referenced = blob('a', 'refs/heads/dev', { lastAccessedAt: NOW - 10 * D })
    const unreferenced = blob('b', 'refs/heads/dev', { lastAccessedAt: NOW - 10 * D })
    const superseded = index('s', 'refs/heads/dev', 1, { lastAccessedAt: NOW - 10 * D })
    const i = index('s', 'refs/heads/dev', 2)
    const p = planGha(
      [referenced, unreferenced, superseded, i],
      opts({ selectors: ['stale'], olderThanMs: 7 * D }),
      facts,
      NOW,
      [{ entry: i, digests: [digest('a')] }]
    )
    expect(ids(p.delete)).toEqual([unreferenced.id, superseded.id])
    expect(p.spared).toEqual([{ entry: referenced, reason: `referenced by ${i.key} on refs/heads/dev` }])
  })

  test('closing a PR frees its blobs: its index goes with it, and buildkit-gc takes what only it used', () => {
    const prBlob = blob('b', 'refs/pull/1/merge')
    const prIndex = index('s', 'refs/pull/1/merge', 1)
    const mainBlob = blob('a')
    const mainIndex = index('s', 'refs/heads/main', 1)
    const all = [prBlob, prIndex, mainBlob, mainIndex]
    const o = opts({ selectors: ['closed-prs'], buildkitGc: true })
    expect(indexesToRead(all, o, facts, NOW)).toEqual([mainIndex])
    const p = planGha(all, o, facts, NOW, [{ entry: mainIndex, digests: [digest('a')] }])
    expect(Object.fromEntries(p.delete.map(d => [d.entry.id, d.reason]))).toEqual({
      [prBlob.id]: 'PR #1 closed',
      [prIndex.id]: 'PR #1 closed'
    })
  })

  test('max-total-size: least recently used first, other refs before the default branch', () => {
    const mainOld = entry('m', 'refs/heads/main', { size: 400, lastAccessedAt: NOW - 9 * D })
    const devNew = entry('d1', 'refs/heads/dev', { size: 300, lastAccessedAt: NOW - 1 * H })
    const devOld = entry('d2', 'refs/heads/dev', { size: 300, lastAccessedAt: NOW - 5 * D })
    const prMid = entry('p', 'refs/pull/2/merge', { size: 300, lastAccessedAt: NOW - 2 * D })
    const all = [mainOld, devNew, devOld, prMid]
    const o = opts({ selectors: ['max-total-size'], maxTotalSize: 700 })
    const p = planGha(all, o, facts, NOW, [])
    expect(ids(p.delete)).toEqual([devOld.id, prMid.id])
    expect(p.delete[0].reason).toBe('least recently used, over max-total-size 700B')
    expect(p.notes).toEqual([])
    // The default branch only goes with include-default-branch, and after every other ref.
    const tight = { ...o, maxTotalSize: 300 }
    expect(ids(planGha(all, tight, facts, NOW, []).delete)).toEqual([devNew.id, devOld.id, prMid.id])
    expect(ids(planGha(all, { ...tight, includeDefaultBranch: true }, facts, NOW, []).delete)).toEqual([
      mainOld.id,
      devNew.id,
      devOld.id,
      prMid.id
    ])
  })

  test('max-total-size says when the budget cannot be met', () => {
    const mainBig = entry('m', 'refs/heads/main', { size: 1000 })
    const dev = entry('d', 'refs/heads/dev', { size: 100 })
    const p = planGha(
      [mainBig, dev],
      opts({ selectors: ['max-total-size'], maxTotalSize: 500 }),
      facts,
      NOW,
      []
    )
    expect(ids(p.delete)).toEqual([dev.id])
    expect(p.notes).toEqual([
      '1.00kB stays, over max-total-size 500B: the rest is on the default branch or referenced by live BuildKit indexes'
    ])
  })

  test('max-total-size counts what other rules delete first', () => {
    const gone = entry('g', 'refs/heads/gone', { size: 600 })
    const dev = entry('d', 'refs/heads/dev', { size: 100 })
    const p = planGha(
      [gone, dev],
      opts({ selectors: ['deleted-branches', 'max-total-size'], maxTotalSize: 500 }),
      facts,
      NOW,
      []
    )
    expect(ids(p.delete)).toEqual([gone.id])
  })

  test('refs limits buildkit-gc as well', () => {
    const i1 = index('s', 'refs/heads/main', 1)
    const i2 = index('s', 'refs/heads/main', 2)
    const prOld = index('s', 'refs/pull/2/merge', 1)
    const prNew = index('s', 'refs/pull/2/merge', 2)
    const p = planGha(
      [i1, i2, prOld, prNew],
      opts({ buildkitGc: true, refs: ['refs/pull/2/merge'] }),
      facts,
      NOW,
      []
    )
    expect(ids(p.delete)).toEqual([prOld.id])
  })
})

describe('cache-mount archives (buildx-mount-*)', () => {
  const prefix = 'buildx-mount-acme/app-linux-amd64-root-.cache-go-build-1a2b3c4d-'
  const archive = (hex: string, ref: string, hoursAgo: number) =>
    entry(`${prefix}${hex.repeat(16).slice(0, 16)}`, ref, {
      version: 'c0ffee'.repeat(10) + 'c0ff', // @actions/cache's version, never BuildKit's
      createdAt: NOW - hoursAgo * H,
      lastAccessedAt: NOW - hoursAgo * H
    })

  test('never taken for BuildKit blobs or indexes', () => {
    expect(buildkitKey(archive('a', 'refs/heads/main', 1))).toBeUndefined()
  })

  test('buildkit-gc deletes all but the newest archive of a mount on each ref', () => {
    const old = archive('a', 'refs/heads/main', 30)
    const newest = archive('b', 'refs/heads/main', 2)
    const pr = archive('c', 'refs/pull/2/merge', 40)
    const otherMount = entry(
      'buildx-mount-acme/app-linux-amd64-root-.npm-99999999-aaaaaaaaaaaaaaaa',
      'refs/heads/main',
      {
        version: 'x',
        createdAt: NOW - 50 * H
      }
    )
    const plan = planGha([old, newest, pr, otherMount], opts({ buildkitGc: true }), facts, NOW, [])
    expect(plan.delete.map(d => [d.entry.id, d.reason])).toEqual([
      [old.id, `superseded cache-mount archive (newest: ${newest.key})`]
    ])
    // Without buildkit-gc, nothing.
    expect(planGha([old, newest], opts(), facts, NOW, []).delete).toEqual([])
  })

  test('they count toward max-total-size, least recently used first', () => {
    const a = archive('a', 'refs/heads/dev', 30)
    const b = archive('b', 'refs/heads/dev', 2)
    const plan = planGha([a, b], opts({ selectors: ['max-total-size'], maxTotalSize: 150 }), facts, NOW, [])
    expect(ids(plan.delete)).toEqual([a.id])
  })
})
