import { parseArch } from '../lib/arch.js'
import { inputsWithDefaults } from '../test-support/defaults.js'
import { parseBuildInputs } from '../build/inputs.js'
import { imageName, legKey, legKeyPrefix, legPath, parseLegRecord } from '../build/handoff.js'
import { checkLegs, planImagetoolsCreate, verifyIndex } from '../build/merge.js'
import { planClassic } from '../build/classic.js'
import { gitDockerfile, parseGitContext, planGitArchive } from '../build/git-context.js'

const amd64 = parseArch('amd64', 'arch')
const arm64 = parseArch('arm64v8', 'arch')
const run = { repository: 'acme/app', runId: '991', runAttempt: '2' }
const d = (c: string) => `sha256:${c.repeat(64)}`

describe('hand-off', () => {
  test('keys: repository, run, image, arch, then the attempt last', () => {
    expect(legKeyPrefix(run, 'ghcr.io/acme/app', arm64)).toBe(
      'build-digest-acme-app-991-ghcr.io-acme-app-linux-arm64-v8-'
    )
    expect(legKey(run, 'ghcr.io/acme/app', arm64)).toBe(
      'build-digest-acme-app-991-ghcr.io-acme-app-linux-arm64-v8-2'
    )
    expect(legPath(amd64)).toBe('.build-digest-linux-amd64.json')
  })
  test.each([
    ['ghcr.io/acme/app:1.2', 'ghcr.io/acme/app'],
    ['localhost:5000/app:latest', 'localhost:5000/app'],
    ['localhost:5000/app', 'localhost:5000/app'],
    [`acme/app:1@${d('a')}`, 'acme/app']
  ])('imageName(%s)', (tag, name) => expect(imageName(tag)).toBe(name))
  test('a record must carry a digest for its own arch', () => {
    const rec = { image: 'x', arch: 'amd64', platform: 'linux/amd64', digest: d('a') }
    expect(parseLegRecord(JSON.stringify(rec), amd64)).toEqual(rec)
    expect(() => parseLegRecord(JSON.stringify(rec), arm64)).toThrow(/not a leg record/)
  })
})

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

const parse = (m: Record<string, string>) => parseBuildInputs(inputsWithDefaults('.', m))

describe('classic engine', () => {
  test('the flags the classic builder understands; pushing is a separate docker push', () => {
    expect(
      planClassic(
        parse({ tags: 'r/app:1', 'build-args': 'A=1', push: 'true', target: 't', 'cache-from': 'r/app:1' }),
        'linux/s390x',
        '/t/iid'
      )
    ).toEqual({
      args: [
        'build',
        '--iidfile',
        '/t/iid',
        '--platform',
        'linux/s390x',
        '--tag',
        'r/app:1',
        '--build-arg',
        'A=1',
        '--target',
        't',
        '--cache-from',
        'r/app:1',
        '.'
      ],
      env: { DOCKER_BUILDKIT: '0' },
      push: ['r/app:1']
    })
  })
  test('what it cannot do is said, all at once', () => {
    expect(() =>
      planClassic(parse({ 'cache-to': 'type=registry,ref=r/c', secrets: 'a=b' }), '', '/t/iid')
    ).toThrow(
      'engine classic: the classic builder does not support cache-to (the classic builder exports no cache; use inline caching or engine: buildkit), secrets'
    )
  })
})

describe('git context', () => {
  test.each([
    ['.', '', undefined],
    ['git', '', { ref: 'HEAD', subdir: '' }],
    ['git:app/', 'v1.2', { ref: 'v1.2', subdir: 'app' }]
  ])('parseGitContext(%s, %s)', (c, r, g) => expect(parseGitContext(c, r)).toEqual(g))
  test('errors', () => {
    expect(() => parseGitContext('git:../x', '')).toThrow(
      "input 'context': got 'git:../x'; accepted: git or git:<subdirectory"
    )
    expect(() => parseGitContext('git', 'a b')).toThrow(
      "input 'git-ref': got 'a b'; accepted: a commit, branch or tag name"
    )
  })
  test('archive argv and the Dockerfile path inside it', () => {
    expect(planGitArchive({ ref: 'HEAD', subdir: '' })).toEqual(['archive', '--format=tar', 'HEAD'])
    expect(planGitArchive({ ref: 'HEAD', subdir: 'app' })).toEqual(['archive', '--format=tar', 'HEAD:app'])
    expect(gitDockerfile('app/Dockerfile.prod', { ref: 'HEAD', subdir: 'app' })).toBe('Dockerfile.prod')
    expect(gitDockerfile('', { ref: 'HEAD', subdir: '' })).toBe('Dockerfile')
  })
})
