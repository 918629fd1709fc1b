import { parseVersion, planGhcr, type PackageVersion } from '../../prune/ghcr-plan.js'
import type { ManifestNode } from '../../prune/manifests.js'
import type { PlanOptions } from '../../prune/registry-plan.js'

const NOW = Date.parse('2026-11-23T12:00:00Z')
const D = 86400e3
const dg = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`

describe('parseVersion', () => {
  test('a container version as the REST API answers it', () => {
    const v = {
      id: 212381245,
      name: dg('a'),
      url: 'https://api.github.com/orgs/acme/packages/container/app/versions/212381245',
      created_at: '2026-05-06T05:20:30Z',
      updated_at: '2026-05-07T05:20:30Z',
      metadata: { package_type: 'container', container: { tags: ['1.0', 'latest'] } }
    }
    expect(parseVersion(v)).toEqual({
      id: 212381245,
      digest: dg('a'),
      tags: ['1.0', 'latest'],
      updatedAt: Date.parse('2026-05-07T05:20:30Z')
    })
  })
  test.each([[{ id: 1, name: 'latest', metadata: {} }], [{ id: '1', name: dg('a') }], [null]])(
    'not a container version: %j',
    v => expect(parseVersion(v)).toBeUndefined()
  )
  test('no tags, no time', () =>
    expect(parseVersion({ id: 2, name: dg('b') })).toEqual({
      id: 2,
      digest: dg('b'),
      tags: [],
      updatedAt: undefined
    }))
})

describe('planGhcr', () => {
  const node = (digest: string, kind: ManifestNode['kind'], children: string[] = []): ManifestNode => ({
    digest,
    kind,
    children,
    blobs: [{ digest: dg(digest.slice(7, 8).toUpperCase()), size: 10 }],
    // The manifest's own age is not used: a version's updated_at is.
    createdAt: NOW
  })
  // 1.0: a multi-arch index whose platform and attestation manifests are untagged versions; buildcache,
  // buildcache-pr-12 (10 days old) and an orphan cache export (untagged, 30 days); an orphan image.
  const manifests = new Map(
    [
      node(dg('R'), 'index', [dg('a'), dg('b'), dg('s')]),
      node(dg('a'), 'image'),
      node(dg('b'), 'image'),
      node(dg('s'), 'attestation'),
      node(dg('c'), 'cache'),
      node(dg('p'), 'cache'),
      node(dg('o'), 'cache'),
      node(dg('i'), 'image')
    ].map(n => [n.digest, n])
  )
  const v = (id: number, c: string, tags: string[], daysOld: number): PackageVersion => ({
    id,
    digest: dg(c),
    tags,
    updatedAt: NOW - daysOld * D
  })
  const versions = [
    v(1, 'R', ['1.0'], 40),
    v(2, 'a', [], 40),
    v(3, 'b', [], 40),
    v(4, 's', [], 40),
    v(5, 'c', ['buildcache'], 1),
    v(6, 'p', ['buildcache-pr-12'], 10),
    v(7, 'o', [], 30),
    v(8, 'i', [], 50)
  ]
  const opts = (o: Partial<PlanOptions>): PlanOptions => ({ keepTags: ['buildcache'], images: false, ...o })
  const ids = (p: { delete: { id: number }[] }) => p.delete.map(d => d.id)

  test('cache versions go by id; the image and its untagged children stay', () => {
    const p = planGhcr(versions, manifests, opts({}), NOW)
    expect(p.delete.map(d => [d.id, d.tags, d.reason])).toEqual([
      [6, ['buildcache-pr-12'], 'cache not in keep-tags'],
      [7, [], 'untagged cache not in keep-tags']
    ])
    expect(p.images).toEqual([`1.0@${dg('R').slice(0, 19)}`, `@${dg('i').slice(0, 19)}`])
  })

  test('older-than counts from updated_at', () => {
    expect(ids(planGhcr(versions, manifests, opts({ olderThanMs: 20 * D }), NOW))).toEqual([7])
    expect(ids(planGhcr(versions, manifests, opts({ olderThanMs: 7 * D }), NOW))).toEqual([6, 7])
  })

  test('registry-images: the orphan image goes, never a child of a kept index', () => {
    const p = planGhcr(versions, manifests, opts({ keepTags: ['buildcache', '1.*'], images: true }), NOW)
    expect(ids(p)).toEqual([6, 7, 8])
    const all = planGhcr(versions, manifests, opts({ images: true }), NOW)
    expect(ids(all)).toEqual([1, 2, 3, 4, 6, 7, 8])
  })

  test('a version whose manifest could not be read: no untagged version goes', () => {
    const unread = new Map(manifests)
    unread.delete(dg('i'))
    const p = planGhcr(versions, unread, opts({ images: true, keepTags: ['buildcache', '1.0'] }), NOW)
    expect(ids(p)).toEqual([6])
    expect(p.spared.map(s => s.what)).toEqual(['2 untagged manifest(s)'])
  })
})
