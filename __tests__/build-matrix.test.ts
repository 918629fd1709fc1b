import { parseArch } from '../lib/arch.js'
import { inputsWithDefaults } from '../test-support/defaults.js'
import { parseBuildInputs } from '../build/inputs.js'
import { legKey, legKeyPrefix, legPath, parseLegKey } from '../build/matrix/handoff.js'
import { checkLegs, planImagetoolsCreate, verifyIndex } from '../build/matrix/merge-plan.js'
import { classicSteps, planClassic } from '../build/engine/classic-plan.js'
import { checkLegPlatform, legRepositories, planLegOutput } from '../build/matrix/leg-plan.js'
import { planLayout } from '../build/matrix/oci-push.js'
import { summarize } from '../build/progress.js'
import { gitDockerfile, parseGitContext, planGitArchive } from '../build/git-context.js'
import { imageRepository, splitRepository } from '../lib/image-ref.js'

const amd64 = parseArch('amd64', 'arch')
const arm64 = parseArch('arm64v8', 'arch')
const run = { repository: 'acme/app', runId: '991', runAttempt: '2' }
const d = (c: string) => `sha256:${c.repeat(64)}`

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
  test.each([
    ['ghcr.io/acme/app:1.2', 'ghcr.io/acme/app'],
    ['localhost:5000/app:latest', 'localhost:5000/app'],
    ['localhost:5000/app', 'localhost:5000/app'],
    [`acme/app:1@${d('a')}`, 'acme/app']
  ])('imageRepository(%s)', (tag, name) => expect(imageRepository(tag)).toBe(name))
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
      push: ['r/app:1'],
      pull: ['r/app:1']
    })
  })
  test('what it cannot do is said, all at once', () => {
    expect(() =>
      planClassic(parse({ 'cache-to': 'type=registry,ref=r/c', secrets: 'a=b' }), '', '/t/iid')
    ).toThrow(
      'engine classic: the classic builder does not support cache-to (the classic builder exports no cache: give a pushed image in cache-from, or use engine: buildkit), secrets'
    )
  })
})

describe('classic engine: cache and log', () => {
  test('a cache mode is refused: the classic builder reads only images', () => {
    expect(() => planClassic(parse({ tags: 'r/app:1', cache: 'max' }), '', '/t/iid')).toThrow(
      'engine classic: the classic builder does not support cache: max (it reads cache only from images: give one in cache-from)'
    )
  })
  test('its log counts as steps: Using cache is a hit, FROM is no step of the report', () => {
    const steps = classicSteps([
      'Step 1/3 : FROM localhost/busybox',
      ' ---> 0123456789ab',
      'Step 2/3 : RUN make deps',
      ' ---> Using cache',
      ' ---> 1123456789ab',
      'Step 3/3 : COPY . /src',
      ' ---> 2123456789ab',
      'Successfully built 2123456789ab'
    ])
    expect(steps.map(s => [s.name, s.cached])).toEqual([
      ['[1/3] FROM localhost/busybox', false],
      ['[2/3] RUN make deps', true],
      ['[3/3] COPY . /src', false]
    ])
    expect(summarize(steps)).toMatchObject({ hits: 1, misses: 1, total: 2 })
  })
})

describe('inputs: arch, merge, engine, git', () => {
  test('arch sets the one platform; merge and engine-overrides are read', () => {
    const leg = parse({ arch: 'aarch64', tags: 'r/app:1', push: 'true', 'engine-overrides': 'arm64=classic' })
    expect([leg.arch?.bashbrew, leg.platforms, leg.engine]).toEqual(['arm64v8', ['linux/arm64'], 'classic'])
    expect(parse({ arch: 'amd64', 'engine-overrides': 's390x=classic' }).engine).toBe('buildkit')
    expect(parse({ merge: 'amd64, arm64v8', tags: 'r/app:1' }).merge.map(a => a.slug)).toEqual([
      'linux-amd64',
      'linux-arm64-v8'
    ])
    expect(parse({ context: 'git:app', 'git-ref': 'v1.2' }).git).toEqual({ ref: 'v1.2', subdir: 'app' })
  })
  test.each([
    [{ arch: 'sparc' }, "input 'arch': got 'sparc'; accepted: amd64 | arm32v5"],
    [
      { arch: 'amd64', platforms: 'linux/amd64' },
      "input 'platforms': got 'linux/amd64'; accepted: nothing when arch is set (the leg builds linux/amd64)"
    ],
    [{ arch: 'amd64', push: 'true' }, "input 'tags': got ''; accepted: the image the legs push to by digest"],
    [{ arch: 'amd64', push: 'true', tags: 'r/a', outputs: 'type=local,dest=x' }, "input 'outputs'"],
    [
      { arch: 'amd64', push: 'true', tags: 'r/a', load: 'true' },
      "input 'load': got 'true'; accepted: false with arch and push"
    ],
    [{ merge: 'amd64', arch: 'amd64' }, "input 'merge': got 'amd64'; accepted: nothing when arch is set"],
    [{ merge: 'amd64' }, "input 'tags': got ''; accepted: at least one tag for the merged image"],
    [
      { merge: 'amd64,x86_64', tags: 'r/a' },
      "input 'merge': got 'amd64,x86_64'; accepted: each arch once ('amd64' and 'x86_64' are both linux/amd64)"
    ],
    [
      { 'engine-overrides': 's390x=classic' },
      "input 'engine-overrides': got 's390x=classic'; accepted: with arch"
    ],
    [{ arch: 'amd64', 'engine-overrides': 's390x=podman' }, "input 'engine-overrides': got 's390x=podman'"],
    [{ engine: 'kaniko' }, "input 'engine': got 'kaniko'; accepted: buildkit | classic"],
    [
      { 'git-ref': 'v1' },
      "input 'git-ref': got 'v1'; accepted: with context: git or git:<subdir> (context is '.')"
    ]
  ])('%j fails: %s', (given, message) => {
    expect(() => parse(given as Record<string, string>)).toThrow(message)
  })
})

describe('legs', () => {
  const facts = { builder: 'b', driver: 'docker-container', platforms: ['linux/amd64', 'linux/386'] }
  test('a platform the builder cannot run fails with the fix', () => {
    expect(() => checkLegPlatform(arm64, facts)).toThrow(
      "arch arm64v8: the builder b cannot run linux/arm64/v8 (it runs linux/amd64, linux/386); register its emulator with setup-builder's `platforms: linux/arm64` (QEMU), or run this leg on a arm64 runner"
    )
    expect(() => checkLegPlatform(parseArch('windows-amd64', 'arch'), facts)).toThrow(
      'run this leg on a windows runner'
    )
    expect(() => checkLegPlatform(amd64, facts)).not.toThrow()
    expect(() =>
      checkLegPlatform(arm64, { ...facts, platforms: ['linux/amd64', 'linux/arm64'] })
    ).not.toThrow()
    expect(() => checkLegPlatform(arm64, { ...facts, platforms: [] })).not.toThrow()
  })
  test('push by digest: natively, or an OCI layout on the docker driver', () => {
    expect(legRepositories(['r/app:1', 'r/app:latest', 'q/app:1'])).toEqual(['r/app', 'q/app'])
    expect(planLegOutput('docker-container', ['r/app'], '/w/oci')).toEqual({
      output: 'type=image,name=r/app,push-by-digest=true,name-canonical=true,push=true'
    })
    expect(planLegOutput('remote', ['r/app', 'q/app'], '/w/oci').output).toBe(
      'type=image,"name=r/app,q/app",push-by-digest=true,name-canonical=true,push=true'
    )
    expect(planLegOutput('docker', ['r/app'], '/w/oci')).toEqual({
      output: 'type=oci,dest=/w/oci,tar=false',
      layout: '/w/oci'
    })
  })
})

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
  test.each([
    ['ghcr.io/acme/app', 'ghcr.io', 'acme/app'],
    ['localhost:5000/app', 'localhost:5000', 'app'],
    ['acme/app', 'registry-1.docker.io', 'acme/app'],
    ['busybox', 'registry-1.docker.io', 'library/busybox']
  ])('splitRepository(%s)', (repo, host, name) => expect(splitRepository(repo)).toEqual({ host, name }))
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
