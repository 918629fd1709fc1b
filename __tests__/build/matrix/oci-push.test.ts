import { planLayout } from '../../../build/matrix/oci-push.js'
import { d } from '../../helpers/refs.js'

describe('OCI layout push', () => {
  const blob = (o: object) => Buffer.from(JSON.stringify(o))
  const desc = (c: string, mediaType = 'application/vnd.oci.image.manifest.v1+json') => ({
    mediaType,
    digest: d(c),
    size: 1
  })
  test('children first, each blob once, the top entry returned', () => {
    const files: Record<string, Buffer> = {
      '/l/index.json': blob({ manifests: [desc('1', 'application/vnd.oci.image.index.v1+json')] }),
      [`/l/blobs/sha256/${'1'.repeat(64)}`]: blob({ manifests: [desc('2'), desc('3')] }),
      [`/l/blobs/sha256/${'2'.repeat(64)}`]: blob({ config: desc('a'), layers: [desc('b'), desc('c')] }),
      [`/l/blobs/sha256/${'3'.repeat(64)}`]: blob({ config: desc('a'), layers: [desc('d')] })
    }
    const plan = planLayout('/l', p => files[p])
    expect(plan.top.digest).toBe(d('1'))
    expect(plan.blobs.map(b => b.digest)).toEqual([d('a'), d('b'), d('c'), d('d')])
    expect(plan.manifests.map(m => m.digest)).toEqual([d('2'), d('3'), d('1')])
  })
  test('a layout of several images is refused', () => {
    expect(() => planLayout('/l', () => blob({ manifests: [desc('1'), desc('2')] }))).toThrow(
      'holds 2 images; one was expected'
    )
  })
})
