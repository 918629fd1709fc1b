import { checkLegs, planImagetoolsCreate, verifyIndex } from '../../../build/matrix/merge-plan.js'
import { amd64, arm64 } from '../../helpers/build.js'
import { d } from '../../helpers/refs.js'

describe('merge', () => {
  const legA = { image: 'r/app', arch: 'amd64', platform: 'linux/amd64', digest: d('a') }
  test('a missing arch names what was found and what is missing', () => {
    expect(() => checkLegs([amd64, arm64], new Map([['amd64', legA]]))).toThrow(
      'merge: no digest from this run for arm64v8 (found: amd64); did those matrix legs run the build step with arch and push: true?'
    )
    expect(() => checkLegs([amd64], new Map())).toThrow('(found: none)')
  })
  test('imagetools create: every tag, every leg by digest', () => {
    const legB = { ...legA, arch: 'arm64v8', digest: d('b') }
    expect(planImagetoolsCreate(['r/app:1', 'r/app:latest'], 'r/app', [legA, legB], '')).toEqual([
      'buildx',
      'imagetools',
      'create',
      '--tag',
      'r/app:1',
      '--tag',
      'r/app:latest',
      `r/app@${d('a')}`,
      `r/app@${d('b')}`
    ])
  })
  test('verify: arm64 with or without v8 counts; attestation manifests do not', () => {
    const manifests = [
      { digest: d('a'), platform: { os: 'linux', architecture: 'amd64' } },
      { digest: d('b'), platform: { os: 'linux', architecture: 'arm64' } },
      {
        digest: d('c'),
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
      }
    ]
    expect(verifyIndex(manifests, [amd64, arm64])).toEqual([])
    expect(verifyIndex(manifests.slice(0, 1), [amd64, arm64])).toEqual(['linux/arm64/v8'])
  })
})
