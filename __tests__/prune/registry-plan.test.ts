import {
  attestationChildren,
  CACHE_CONFIG,
  classify,
  describeDeletion,
  indexAges,
  planRegistry,
  tagMatcher,
  type ManifestNode,
  type RepoView
} from '../../prune/registry-plan.js'
import type { RegistryOptions } from '../../prune/inputs.js'

const NOW = Date.parse('2026-11-23T12:00:00Z')
const D = 86400e3
const dg = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip'

// A cache as BuildKit pushes it with image-manifest=true (the buildx 0.29 default), from the e2e registry.
const cacheManifest = {
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: { mediaType: CACHE_CONFIG, digest: dg('c'), size: 730 },
  layers: [
    {
      mediaType: LAYER,
      digest: dg('1'),
      size: 1083808,
      annotations: {
        'buildkit/createdat': '2026-11-23T13:34:56.441250935Z',
        'containerd.io/uncompressed': dg('u')
      }
    },
    {
      mediaType: LAYER,
      digest: dg('2'),
      size: 159,
      annotations: {
        'buildkit/createdat': '2026-11-23T14:03:07.868212604Z',
        'containerd.io/uncompressed': dg('v')
      }
    }
  ]
}

describe('classify', () => {
  test('a cache image manifest: age of its newest layer, every blob', () => {
    expect(classify(dg('m'), OCI_MANIFEST, cacheManifest)).toEqual({
      digest: dg('m'),
      kind: 'cache',
      children: [],
      blobs: [
        { digest: dg('c'), size: 730 },
        { digest: dg('1'), size: 1083808 },
        { digest: dg('2'), size: 159 }
      ],
      createdAt: Date.parse('2026-11-23T14:03:07.868Z')
    })
  })
  test('the index-shaped cache (image-manifest=false) lists layers and its config as manifests', () => {
    const body = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: LAYER,
          digest: dg('1'),
          size: 10,
          annotations: { 'buildkit/createdat': '2026-01-01T00:00:00Z' }
        },
        { mediaType: CACHE_CONFIG, digest: dg('c'), size: 5 }
      ]
    }
    const n = classify(dg('m'), OCI_INDEX, body)
    expect([n.kind, n.children, n.blobs.length, n.createdAt]).toEqual([
      'cache',
      [],
      2,
      Date.parse('2026-01-01T00:00:00Z')
    ])
  })
  test('an image index lists its platform and attestation manifests', () => {
    const body = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          digest: dg('a'),
          size: 668,
          platform: { architecture: 'amd64', os: 'linux' }
        },
        {
          mediaType: OCI_MANIFEST,
          digest: dg('b'),
          size: 566,
          annotations: {
            'vnd.docker.reference.digest': dg('a'),
            'vnd.docker.reference.type': 'attestation-manifest'
          }
        }
      ]
    }
    expect(classify(dg('i'), OCI_INDEX, body)).toEqual({
      digest: dg('i'),
      kind: 'index',
      children: [dg('a'), dg('b')],
      blobs: [],
      createdAt: undefined
    })
    expect(attestationChildren(body)).toEqual([dg('b')])
  })
  test('an image manifest names the config to read its age from', () => {
    const n = classify(dg('a'), OCI_MANIFEST, {
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: dg('f'), size: 400 },
      layers: [{ mediaType: LAYER, digest: dg('1'), size: 100 }]
    })
    expect([n.kind, n.config, n.createdAt]).toEqual(['image', dg('f'), undefined])
  })
})

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
  const opts = (o: Partial<RegistryOptions>): RegistryOptions => ({ repos: [], keepTags: [], ...o })

  test('index ages come from their newest platform manifest', () => {
    expect(manifests.get(dg('K'))?.createdAt).toBe(NOW - 9 * D)
    expect(manifests.get(dg('O'))?.createdAt).toBe(NOW - 20 * D)
  })

  test('stale manifests go, an index before what only it lists; kept tags keep everything they reach', () => {
    const p = planRegistry(view, opts({ keepTags: ['latest'], olderThanMs: 7 * D }), NOW)
    expect(p.delete.map(d => [d.digest, d.tags, d.reason, d.bytes])).toEqual([
      [dg('P'), ['amd64'], 'stale index, 9d old', 0],
      [dg('Q'), ['arm64'], 'stale index, 9d old', 0],
      [dg('O'), ['old'], 'stale index, 20d old', 0],
      [dg('o'), [], 'listed only by deleted old', 50],
      [dg('X'), [], 'listed only by deleted old', 7],
      [dg('c'), ['cache-pr-1', 'cache-pr-1-copy'], 'stale cache, 30d old', 1000]
    ])
    // The platform and attestation manifests of `latest` are never deleted, though amd64/arm64 listed them.
    const deleted = new Set(p.delete.map(d => d.digest))
    for (const d of [dg('K'), dg('a'), dg('A'), dg('b'), dg('B'), dg('d'), dg('e')])
      expect(deleted.has(d)).toBe(false)
    expect(p.spared).toEqual([
      { what: `sha-1 (${dg('K').slice(0, 19)})`, reason: 'also reached by kept tag latest' }
    ])
    expect(p.kept).toBe(manifests.size - 6)
  })

  test('keep-tags alone: every other tag goes; a manifest tagged twice stays when one tag is kept', () => {
    const p = planRegistry(view, opts({ keepTags: ['latest', 'cache-*'] }), NOW)
    expect(p.delete.map(d => d.digest)).toEqual([dg('P'), dg('Q'), dg('O'), dg('o'), dg('X')])
    expect(p.delete[0].reason).toBe('index not in keep-tags')
  })

  test('an unknown age is kept under older-than', () => {
    const p = planRegistry(view, opts({ olderThanMs: 7 * D, keepTags: ['latest'] }), NOW)
    expect(p.delete.some(d => d.digest === dg('e'))).toBe(false)
  })

  test('describeDeletion names the repository, tags and digest', () => {
    const p = planRegistry(view, opts({ keepTags: ['latest'], olderThanMs: 7 * D }), NOW)
    expect(describeDeletion('localhost:5000/cache', p.delete[5])).toBe(
      `localhost:5000/cache:cache-pr-1,cache-pr-1-copy@${dg('c').slice(0, 19)} (cache)`
    )
    expect(describeDeletion('localhost:5000/cache', p.delete[3])).toBe(
      `localhost:5000/cache@${dg('o').slice(0, 19)} (image)`
    )
  })
})
