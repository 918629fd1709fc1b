import { legKey, legKeyPrefix, legPath, parseLegKey } from '../../../build/matrix/handoff.js'
import { amd64, arm64 } from '../../helpers/build.js'
import { d } from '../../helpers/refs.js'

const run = { repository: 'acme/app', runId: '991', runAttempt: '2' }

describe('hand-off', () => {
  test('keys: repository, run, image, arch, then the attempt last', () => {
    expect(legKeyPrefix(run, 'ghcr.io/acme/app', arm64)).toBe(
      'build-digest-acme-app-991-ghcr.io-acme-app-linux-arm64-v8-'
    )
    expect(legKey(run, 'ghcr.io/acme/app', arm64, d('b'))).toBe(
      `build-digest-acme-app-991-ghcr.io-acme-app-linux-arm64-v8-2-sha256-${'b'.repeat(64)}`
    )
    expect(legPath(amd64)).toBe('.build-digest-linux-amd64.json')
  })
  test('the key found under a leg prefix gives back the digest and the attempt', () => {
    const prefix = legKeyPrefix(run, 'r/app', arm64)
    expect(parseLegKey(legKey(run, 'r/app', arm64, d('c')), prefix, 'r/app', arm64)).toEqual({
      image: 'r/app',
      arch: 'arm64v8',
      platform: 'linux/arm64/v8',
      digest: d('c'),
      attempt: 2
    })
    // Another leg's key, or a key of another shape, is no record.
    expect(parseLegKey(legKey(run, 'r/app', amd64, d('c')), prefix, 'r/app', arm64)).toBeUndefined()
    expect(parseLegKey(`${prefix}2-latest`, prefix, 'r/app', arm64)).toBeUndefined()
  })
})
