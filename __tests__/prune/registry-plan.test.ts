import { indexAges, type ManifestNode } from '../../prune/manifests.js'
import {
  describeDeletion,
  planRegistry,
  tagMatcher,
  type PlanOptions,
  type RepoView
} from '../../prune/registry-plan.js'

const NOW = Date.parse('2026-11-23T12:00:00Z')
const D = 86400e3
const dg = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`

test('tagMatcher: * and ? over the whole tag', () => {
  const m = tagMatcher(['latest', 'v*', 'cache-?', 'a.b'])
  expect(['latest', 'v1.2', 'cache-1', 'cache-12', 'xlatest', 'a.b', 'axb'].map(m)).toEqual([
    'latest',
    'v*',
    'cache-?',
    undefined,
    undefined,
    'a.b',
    undefined
  ])
})

describe('planRegistry', () => {
  const node = (digest: string, kind: ManifestNode['kind'], o: Partial<ManifestNode> = {}): ManifestNode => ({
    digest,
    kind,
    children: [],
    blobs: [],
    ...o
  })
  // A kept multi-arch image (two platforms, each with an attestation), the per-platform images it was
  // made from (their own indexes list the same manifests), old caches, a fresh cache.
  const manifests = new Map<string, ManifestNode>(
    [
      node(dg('K'), 'index', { children: [dg('a'), dg('A'), dg('b'), dg('B')] }),
      node(dg('P'), 'index', { children: [dg('a'), dg('A')] }),
      node(dg('Q'), 'index', { children: [dg('b'), dg('B')] }),
      node(dg('a'), 'image', {
        blobs: [
          { digest: dg('1'), size: 100 },
          { digest: dg('2'), size: 10 }
        ],
        createdAt: NOW - 9 * D
      }),
      node(dg('b'), 'image', { blobs: [{ digest: dg('3'), size: 200 }], createdAt: NOW - 9 * D }),
      node(dg('A'), 'attestation'),
      node(dg('B'), 'attestation'),
      node(dg('O'), 'index', { children: [dg('o'), dg('X')] }),
      node(dg('o'), 'image', {
        blobs: [
          { digest: dg('1'), size: 100 },
          { digest: dg('5'), size: 50 }
        ],
        createdAt: NOW - 20 * D
      }),
      node(dg('X'), 'attestation', { blobs: [{ digest: dg('6'), size: 7 }] }),
      node(dg('c'), 'cache', {
        blobs: [
          { digest: dg('7'), size: 1000 },
          { digest: dg('2'), size: 10 }
        ],
        createdAt: NOW - 30 * D
      }),
      node(dg('d'), 'cache', { blobs: [{ digest: dg('8'), size: 500 }], createdAt: NOW - 1 * D }),
      node(dg('e'), 'cache', { blobs: [{ digest: dg('9'), size: 1 }] })
    ].map(n => [n.digest, n])
  )
  indexAges(manifests)
  const view: RepoView = {
    tags: new Map([
      ['latest', dg('K')],
      ['amd64', dg('P')],
      ['arm64', dg('Q')],
      ['old', dg('O')],
      ['cache-pr-1', dg('c')],
      ['cache-pr-1-copy', dg('c')],
      ['cache-main', dg('d')],
      ['cache-unknown', dg('e')],
      ['sha-1', dg('K')]
    ]),
    manifests
  }
  const opts = (o: Partial<PlanOptions>): PlanOptions => ({ keepTags: [], images: false, ...o })
  const digests = (p: { delete: { digest: string }[] }) => p.delete.map(d => d.digest)

  test('index ages come from their newest platform manifest', () => {
    expect(manifests.get(dg('K'))?.createdAt).toBe(NOW - 9 * D)
    expect(manifests.get(dg('O'))?.createdAt).toBe(NOW - 20 * D)
  })

  test('without registry-images only cache goes; the images are listed apart, kept', () => {
    const p = planRegistry(view, opts({ keepTags: ['latest'], olderThanMs: 7 * D }), NOW)
    expect(p.delete.map(d => [d.digest, d.tags, d.reason, d.bytes, d.image])).toEqual([
      [dg('c'), ['cache-pr-1', 'cache-pr-1-copy'], 'stale cache, 30d old', 1000, false]
    ])
    expect(p.images).toEqual([
      `amd64@${dg('P').slice(0, 19)}`,
      `arm64@${dg('Q').slice(0, 19)}`,
      `old@${dg('O').slice(0, 19)}`
    ])
    expect(p.spared).toEqual([
      { what: `sha-1@${dg('K').slice(0, 19)}`, reason: "same manifest as a tag in keep-tags 'latest'" }
    ])
    expect(p.kept).toBe(manifests.size - 1)
  })

  test('keep-tags alone: every other cache tag goes, not the images', () => {
    const p = planRegistry(view, opts({ keepTags: ['latest'] }), NOW)
    expect(digests(p)).toEqual([dg('c'), dg('d'), dg('e')])
    expect(p.delete[0].reason).toBe('cache not in keep-tags')
  })

  test('registry-images: stale images go too, an index before what only it lists; kept tags keep what they reach', () => {
    const p = planRegistry(view, opts({ keepTags: ['latest'], olderThanMs: 7 * D, images: true }), NOW)
    const old = `old@${dg('O').slice(0, 19)}`
    expect(p.delete.map(d => [d.digest, d.tags, d.reason, d.bytes, d.image])).toEqual([
      [dg('P'), ['amd64'], 'stale index, 9d old', 0, true],
      [dg('Q'), ['arm64'], 'stale index, 9d old', 0, true],
      [dg('O'), ['old'], 'stale index, 20d old', 0, true],
      [dg('o'), [], `listed only by deleted ${old}`, 50, true],
      [dg('X'), [], `listed only by deleted ${old}`, 7, true],
      [dg('c'), ['cache-pr-1', 'cache-pr-1-copy'], 'stale cache, 30d old', 1000, false]
    ])
    // The platform and attestation manifests of `latest` are never deleted, though amd64/arm64 listed them.
    const deleted = new Set(digests(p))
    for (const d of [dg('K'), dg('a'), dg('A'), dg('b'), dg('B'), dg('d'), dg('e')])
      expect(deleted.has(d)).toBe(false)
    expect(p.images).toEqual([])
    expect(p.kept).toBe(manifests.size - 6)
  })

  test('an unknown age is kept under older-than', () => {
    const p = planRegistry(view, opts({ olderThanMs: 7 * D, keepTags: ['latest'], images: true }), NOW)
    expect(digests(p)).not.toContain(dg('e'))
  })

  test('a tag naming a manifest a kept index lists stays, even asked for images', () => {
    const v: RepoView = { tags: new Map([...view.tags, ['plain-amd64', dg('a')]]), manifests }
    const p = planRegistry(v, opts({ keepTags: ['latest'], images: true }), NOW)
    expect(digests(p)).not.toContain(dg('a'))
    expect(p.spared).toContainEqual({
      what: `plain-amd64@${dg('a').slice(0, 19)}`,
      reason: `also reached by kept latest,sha-1@${dg('K').slice(0, 19)}`
    })
  })

  test('describeDeletion names the repository, tags and digest', () => {
    const p = planRegistry(view, opts({ keepTags: ['latest'], olderThanMs: 7 * D, images: true }), NOW)
    expect(describeDeletion('localhost:5000/cache', p.delete[5])).toBe(
      `localhost:5000/cache:cache-pr-1,cache-pr-1-copy@${dg('c').slice(0, 19)} (cache)`
    )
    expect(describeDeletion('localhost:5000/cache', p.delete[3])).toBe(
      `localhost:5000/cache@${dg('o').slice(0, 19)} (image)`
    )
  })
})

describe('planRegistry: what a build with cache: registry leaves', () => {
  const node = (digest: string, kind: ManifestNode['kind'], children: string[] = []): ManifestNode => ({
    digest,
    kind,
    children,
    blobs: [],
    createdAt: NOW - 30 * D
  })
  // 1.0: the image index (platform manifest + attestation); buildcache and buildcache-pr-12: caches;
  // chart: a Helm chart; caches: an index of two cache manifests.
  const manifests = new Map(
    [
      node(dg('R'), 'index', [dg('r'), dg('s')]),
      node(dg('r'), 'image'),
      node(dg('s'), 'attestation'),
      node(dg('c'), 'cache'),
      node(dg('p'), 'cache'),
      node(dg('h'), 'other'),
      node(dg('C'), 'index', [dg('x'), dg('y')]),
      node(dg('x'), 'cache'),
      node(dg('y'), 'cache')
    ].map(n => [n.digest, n])
  )
  const tags = new Map([
    ['1.0', dg('R')],
    ['buildcache', dg('c')],
    ['buildcache-pr-12', dg('p')],
    ['chart', dg('h')],
    ['caches', dg('C')]
  ])
  const opts = (o: Partial<PlanOptions>): PlanOptions => ({ keepTags: [], images: false, ...o })

  test('keep-tags: buildcache deletes the other caches and never the release image', () => {
    const p = planRegistry({ tags, manifests }, opts({ keepTags: ['buildcache'] }), NOW)
    expect(p.delete.map(d => [d.digest, d.kind, d.reason])).toEqual([
      [dg('p'), 'cache', 'cache not in keep-tags'],
      [dg('C'), 'cache', 'cache not in keep-tags'],
      [dg('x'), 'cache', `listed only by deleted caches@${dg('C').slice(0, 19)}`],
      [dg('y'), 'cache', `listed only by deleted caches@${dg('C').slice(0, 19)}`]
    ])
    expect(p.images).toEqual([`1.0@${dg('R').slice(0, 19)}`])
  })

  test('with registry-images the image goes with its manifests; a manifest of another kind never', () => {
    const p = planRegistry({ tags, manifests }, opts({ keepTags: ['buildcache'], images: true }), NOW)
    expect(p.delete.map(d => d.digest)).toEqual([
      dg('R'),
      dg('r'),
      dg('s'),
      dg('p'),
      dg('C'),
      dg('x'),
      dg('y')
    ])
    expect(p.delete.filter(d => d.image).map(d => d.digest)).toEqual([dg('R'), dg('r'), dg('s')])
  })
})

describe('planRegistry: untagged manifests (GHCR lists every version)', () => {
  const node = (
    digest: string,
    kind: ManifestNode['kind'],
    children: string[] = [],
    age = 30
  ): ManifestNode => ({
    digest,
    kind,
    children,
    blobs: [],
    createdAt: NOW - age * D
  })
  // latest: a multi-arch index of untagged children; an older untagged index sharing one child (a tag
  // moved); an orphan cache (buildcache re-exported); a fresh orphan cache; an orphan image manifest.
  const manifests = new Map(
    [
      node(dg('L'), 'index', [dg('a'), dg('b'), dg('A')]),
      node(dg('a'), 'image'),
      node(dg('b'), 'image'),
      node(dg('A'), 'attestation'),
      node(dg('O'), 'index', [dg('a'), dg('o')]),
      node(dg('o'), 'image'),
      node(dg('c'), 'cache'),
      node(dg('f'), 'cache', [], 1),
      node(dg('n'), 'cache'),
      node(dg('i'), 'image')
    ].map(n => [n.digest, n])
  )
  const untagged = [dg('a'), dg('b'), dg('A'), dg('O'), dg('o'), dg('c'), dg('f'), dg('i')]
  const view: RepoView = {
    tags: new Map([
      ['latest', dg('L')],
      ['buildcache', dg('n')]
    ]),
    manifests,
    untagged
  }
  const opts = (o: Partial<PlanOptions>): PlanOptions => ({
    keepTags: ['latest', 'buildcache'],
    images: false,
    ...o
  })

  test('orphan caches go; the children of kept indexes, tagged or not, stay', () => {
    const p = planRegistry(view, opts({ olderThanMs: 7 * D }), NOW)
    expect(p.delete.map(d => [d.digest, d.reason])).toEqual([[dg('c'), 'stale untagged cache, 30d old']])
    expect(p.images).toEqual([`@${dg('O').slice(0, 19)}`, `@${dg('i').slice(0, 19)}`])
  })

  test('registry-images: an untagged index goes with what only it lists, never a kept index child', () => {
    const p = planRegistry(view, opts({ olderThanMs: 7 * D, images: true }), NOW)
    expect(p.delete.map(d => d.digest)).toEqual([dg('O'), dg('o'), dg('c'), dg('i')])
  })

  test('a manifest that could not be read keeps every untagged one, in one note', () => {
    const p = planRegistry({ ...view, untagged: [...untagged, dg('z')] }, opts({ images: true }), NOW)
    expect(p.delete).toEqual([])
    expect(p.spared).toEqual([
      {
        what: '5 untagged manifest(s)',
        reason: 'untagged, and a manifest could not be read (what lists it is unknown)'
      }
    ])
  })
})
