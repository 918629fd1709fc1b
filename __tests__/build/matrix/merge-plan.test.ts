import {
  checkLegs,
  mergeAnnotations,
  partialTagsMessage,
  planImagetoolsCreate,
  tagTargets,
  verifyIndex
} from '../../../build/matrix/merge-plan.js'
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

describe("metadata-action's annotations in the merge", () => {
  test('index: and manifest-descriptor: reach imagetools create; manifest: ones are left to the legs', () => {
    const m = mergeAnnotations([
      'index:org.opencontainers.image.title=app',
      'manifest-descriptor[linux/amd64]:org.opencontainers.image.description=x',
      'manifest,index:org.opencontainers.image.version=1.2',
      'manifest:org.opencontainers.image.revision=abc',
      'org.opencontainers.image.source=https://x'
    ])
    expect(m).toEqual({
      apply: [
        'index:org.opencontainers.image.title=app',
        'manifest-descriptor[linux/amd64]:org.opencontainers.image.description=x',
        'index:org.opencontainers.image.version=1.2'
      ],
      skipped: ['manifest:org.opencontainers.image.revision=abc', 'org.opencontainers.image.source=https://x']
    })
    expect(planImagetoolsCreate(['r/app:1'], 'r/app', [], '', m.apply)).toEqual([
      'buildx',
      'imagetools',
      'create',
      '--tag',
      'r/app:1',
      '--annotation',
      'index:org.opencontainers.image.title=app',
      '--annotation',
      'manifest-descriptor[linux/amd64]:org.opencontainers.image.description=x',
      '--annotation',
      'index:org.opencontainers.image.version=1.2'
    ])
  })
  test('index-descriptor: fails in one line naming the input', () => {
    expect(() => mergeAnnotations(['index-descriptor:k=v'])).toThrow(
      "input 'annotations': got 'index-descriptor:k=v'; accepted: index: or manifest-descriptor: annotations with merge"
    )
  })
})

describe('merge: where the index goes', () => {
  test('each repository once, its tags in order; no tag means latest', () => {
    expect(
      tagTargets(['ghcr.io/a/app:1', 'ghcr.io/a/app:latest', 'localhost:5000/app', 'ghcr.io/a/app:1.2'])
    ).toEqual([
      { repository: 'ghcr.io/a/app', tags: ['1', 'latest', '1.2'] },
      { repository: 'localhost:5000/app', tags: ['latest'] }
    ])
  })

  test('a partial failure names the tags moved and the ones not moved', () => {
    expect(partialTagsMessage(d('i'), ['r/app:1'], ['r/app:latest'], 'HTTP 500')).toBe(
      `merge: the index ${d('i')} is in the registry, but 1 of 2 tags were not moved to it (HTTP 500): updated r/app:1; not updated r/app:latest. Re-run the merge job to finish.`
    )
  })
})
