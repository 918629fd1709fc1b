import {
  attestationChildren,
  CACHE_CONFIG,
  classify,
  kindOf,
  type ManifestNode
} from '../../prune/manifests.js'

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
  test('a manifest whose config is neither an image nor a cache is other (an OCI artifact, a Helm chart)', () => {
    for (const mediaType of [
      'application/vnd.cncf.helm.config.v1+json',
      'application/vnd.oci.empty.v1+json',
      undefined
    ])
      expect(
        classify(dg('h'), OCI_MANIFEST, { config: { mediaType, digest: dg('f'), size: 2 }, layers: [] }).kind
      ).toBe('other')
  })
})

describe('kindOf', () => {
  const node = (digest: string, kind: ManifestNode['kind'], children: string[] = []): ManifestNode => ({
    digest,
    kind,
    children,
    blobs: []
  })
  const manifests = new Map(
    [
      node(dg('c'), 'cache'),
      node(dg('d'), 'cache'),
      node(dg('a'), 'image'),
      node(dg('I'), 'index', [dg('c'), dg('d')]),
      node(dg('M'), 'index', [dg('c'), dg('a')]),
      node(dg('U'), 'index', [dg('c'), dg('x')]),
      node(dg('E'), 'index')
    ].map(n => [n.digest, n])
  )
  test('an index all of whose manifests are cache is cache; one image, an unread child or none is not', () => {
    expect(
      [dg('I'), dg('M'), dg('U'), dg('E'), dg('c'), dg('a'), dg('x')].map(d => kindOf(manifests, d))
    ).toEqual(['cache', 'index', 'index', 'index', 'cache', 'image', undefined])
  })
})
