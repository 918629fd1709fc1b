import {
  checkLegImage,
  checkLegs,
  legManifestOf,
  mergeAnnotations,
  partialTagsMessage,
  planImagetoolsCreate,
  tagTargets,
  verifyIndex
} from '../../../build/matrix/merge-plan.js'
import { formatLegMark, LEG_LABEL } from '../../../build/matrix/leg-mark.js'
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

describe("a handed-off digest is the leg's own", () => {
  const run = { repository: 'acme/app', runId: '991', runAttempt: '2' }
  const leg = {
    image: 'r/app',
    arch: 'amd64',
    platform: 'linux/amd64',
    digest: d('a'),
    attempt: 2,
    nonce: 'n1'
  }
  const mark = formatLegMark({ runId: '991', attempt: 2, nonce: 'n1' })
  const image = (labels: Record<string, unknown>, platform = { os: 'linux', architecture: 'amd64' }) => ({
    platform,
    labels
  })
  const refused = (why: string) =>
    `merge: arch amd64: r/app@${d('a')}, handed off as this run's amd64 leg, is not an image that leg built (${why}); nothing is tagged`

  test('the mark of this run, attempt and nonce on an image of the platform: merged', () => {
    expect(mark).toBe('run=991,attempt=2,nonce=n1')
    expect(() => checkLegImage(run, leg, amd64, image({ [LEG_LABEL]: mark, other: 'x' }))).not.toThrow()
    // arm64's config says variant v8, or nothing: the same platform.
    const arm = { ...leg, arch: 'arm64v8', platform: 'linux/arm64/v8' }
    expect(() =>
      checkLegImage(run, arm, arm64, image({ [LEG_LABEL]: mark }, { os: 'linux', architecture: 'arm64' }))
    ).not.toThrow()
  })
  test.each([
    ['another run', { [LEG_LABEL]: 'run=990,attempt=2,nonce=n1' }, /mark reads "run=990,attempt=2,nonce=n1"/],
    ['another attempt', { [LEG_LABEL]: 'run=991,attempt=1,nonce=n1' }, /reads "run=991,attempt=1/],
    ['another leg of this attempt', { [LEG_LABEL]: 'run=991,attempt=2,nonce=n2' }, /nonce=n2"/],
    [
      'no mark at all',
      { maintainer: 'x' },
      /it has no io\.github\.buildx-action-suite\.leg mark \(an annotation of its index or a label\)/
    ]
  ])('%s: refused in one line naming the arch', (_, labels, why) => {
    expect(() => checkLegImage(run, leg, amd64, image(labels))).toThrow(why)
    expect(() => checkLegImage(run, leg, amd64, image(labels))).toThrow(
      /^merge: arch amd64: r\/app@sha256:a+, handed off/
    )
  })
  test("the mark as an annotation of the leg's index (a leg with attestations) counts as the label does", () => {
    const indexed = (annotations: unknown, labels = {}) =>
      ({ ...image(labels), annotations }) as Parameters<typeof checkLegImage>[3]
    expect(() => checkLegImage(run, leg, amd64, indexed({ [LEG_LABEL]: mark }))).not.toThrow()
    expect(() =>
      checkLegImage(
        run,
        leg,
        amd64,
        indexed({ [LEG_LABEL]: 'run=990,attempt=2,nonce=n1' }, { [LEG_LABEL]: mark })
      )
    ).toThrow(/its io\.github\.buildx-action-suite\.leg mark reads "run=990,attempt=2,nonce=n1"/)
    // An index without the annotation: its image's label decides; a hostile annotations value is no mark.
    expect(() => checkLegImage(run, leg, amd64, indexed({}, { [LEG_LABEL]: mark }))).not.toThrow()
    expect(() => checkLegImage(run, leg, amd64, indexed('run=991,attempt=2,nonce=n1'))).toThrow(/has no/)
    expect(() => checkLegImage(run, leg, amd64, indexed(null, { [LEG_LABEL]: mark }))).not.toThrow()
  })
  test('a record without a nonce, an image of another platform, a digest not in the registry: refused', () => {
    const bare = { ...leg, nonce: undefined }
    expect(() => checkLegImage(run, bare, amd64, image({ [LEG_LABEL]: mark }))).toThrow(
      /the leg's would read "run=991,attempt=2,nonce="/
    )
    expect(() =>
      checkLegImage(run, leg, amd64, image({ [LEG_LABEL]: mark }, { os: 'linux', architecture: 'arm64' }))
    ).toThrow(refused('it is no linux/amd64 image'))
    expect(() => checkLegImage(run, leg, amd64, {})).toThrow(refused('it is no linux/amd64 image'))
    expect(() => checkLegImage(run, leg, amd64, undefined)).toThrow(refused('it is not in the registry'))
  })
  test("an index: its one image of the leg's platform, attestations aside", () => {
    const att = { 'vnd.docker.reference.type': 'attestation-manifest' }
    const manifests = [
      { digest: d('1'), platform: { os: 'linux', architecture: 'amd64' } },
      { digest: d('2'), platform: { os: 'unknown', architecture: 'unknown' }, annotations: att },
      { digest: d('3'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }
    ]
    expect(legManifestOf(manifests, amd64)?.digest).toBe(d('1'))
    expect(legManifestOf(manifests, arm64)?.digest).toBe(d('3'))
    expect(legManifestOf([manifests[1]], amd64)).toBeUndefined()
    expect(legManifestOf([manifests[0], { ...manifests[0], digest: d('4') }], amd64)).toBeUndefined()
  })
})
