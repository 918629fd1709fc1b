// build-push-action's own getArgs cases (its __tests__/context.test.ts, cases 0–34), each given to this
// action as a workflow would give it: the inputs, through parseBuildInputs, engineInputs and planBuild,
// must give the peer's buildx arguments (order aside), or the difference is named here, documented in
// the README's migration section, and pinned by a test of its own below.
import { formatCacheEntry } from '../../build/cache/entries.js'
import { planCache } from '../../build/cache/cache-plan.js'
import { planBuild } from '../../build/engine/buildkit-plan.js'
import { engineInputs } from '../../build/request-plan.js'
import { workflowRunUrl } from '../../build/workflow-run.js'
import { checkEntitlements } from '../../build/inputs/combinations.js'
import { parse } from '../helpers/build.js'

// The peer's test run: docker/build-push-action, refs/heads/master without a commit, run 123456789, a
// private repository (its default provenance there is mode=min,inline-only).
const ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'docker/build-push-action',
  GITHUB_REF: 'refs/heads/master',
  GITHUB_SHA: '',
  GITHUB_RUN_ID: '123456789',
  GITHUB_RUN_ATTEMPT: '1'
}
const RUN = workflowRunUrl(ENV)!
const GIT = 'https://github.com/docker/build-push-action.git#refs/heads/master'
const I = ['--iidfile', '<iidfile>']
const M = ['--metadata-file', '<metadata>']
const MIN = ['--attest', `type=provenance,mode=min,inline-only=true,builder-id=${RUN}`]
const secret = (id: string) => ['--secret', `id=${id},src=<file>`]

/** Our argv for the inputs, as the peer's test reads it. */
function ours(inputs: Record<string, string>, env: typeof ENV = ENV): string[] {
  const i = parse(inputs, env)
  const e = engineInputs(i, { pinned: '', serverUrl: env.GITHUB_SERVER_URL, work: '/w' }).build
  const cache = planCache({
    mode: i.cache,
    tags: i.tags,
    userFrom: i.cacheFrom,
    userTo: i.cacheTo,
    write: i.cacheWrite,
    event: { name: 'push' }
  })
  return planBuild(e, {
    metadataFile: '<metadata>',
    secretPaths: Object.fromEntries(e.secrets.map(s => [s.id, '<file>'])),
    builder: i.builder,
    cacheFrom: cache.from.map(formatCacheEntry),
    cacheTo: cache.to.map(formatCacheEntry),
    iidFile: '<iidfile>',
    attest: { builderId: RUN, privateRepo: true }
  }).args
}

const BOOLEAN_FLAGS = new Set(['--push', '--load', '--pull', '--no-cache'])
/** An argv as a sorted list of `flag value` entries, the context last: order aside, the same build. Our
 * `--progress=plain` (a documented difference) and the metadata file (both ask for one from buildx 0.6)
 * are plumbing; a secret's file is any file. */
function normalize(args: string[]): string[] {
  const a = args[0] === 'buildx' ? args.slice(2) : args[0] === 'build' ? args.slice(1) : args
  const out: string[] = []
  for (let k = 0; k < a.length - 1; k++) {
    if (a[k] === '--progress=plain') continue
    if (BOOLEAN_FLAGS.has(a[k])) out.push(a[k])
    else if (a[k] === '--metadata-file') k++
    else {
      const v = a[k] === '--secret' ? a[k + 1].replace(/,src=.*$/, ',src=<file>') : a[k + 1]
      out.push(`${a[k]} ${v}`)
      k++
    }
  }
  return [...out.sort(), `context ${a[a.length - 1]}`]
}

type Difference =
  | 'context defaults to the checkout'
  | 'no buildx version gates'
  | 'a malformed secret fails the step'
  | 'github-token for every Git context on the server, as GIT_AUTH_TOKEN.<host>'
  | 'default provenance only when the image leaves the builder'
  | 'cache-to gets ignore-error, and no token on the command line'

/** Our argv where it differs from the peer's expectation: its arguments, with these added before the
 * context (order does not count). */
const plus =
  (...extra: string[]) =>
  (peer: string[]) => [...extra, ...peer]
/** The same arguments, building `.` instead of the Git context. */
const checkout = (peer: string[]) => [...peer.slice(0, -1), '.']
const SECRETS = `GIT_AUTH_TOKEN=abcdefghi,jklmno=0123456789\n"MYSECRET=aaaaaaaa\nbbbbbbb\nccccccccc"\nFOO=bar\n"EMPTYLINE=aaaa\n\nbbbb\nccc"`
const GIT_PUSH = { context: GIT, file: './test/Dockerfile', builder: 'builder-git-context-2', push: 'true' }
const GIT_PUSH_ARGS = ['--file', './test/Dockerfile', ...I, '--builder', 'builder-git-context-2', '--push']
const TWO = { platforms: 'linux/amd64,linux/arm64' }
const TWO_ARGS = ['--platform', 'linux/amd64,linux/arm64']
const FOUR_SECRETS = ['GIT_AUTH_TOKEN', 'MYSECRET', 'FOO', 'EMPTYLINE'].flatMap(secret)
const ANNOTATIONS =
  'example1=www\nindex:example2=xxx\nmanifest:example3=yyy\nmanifest-descriptor[linux/amd64]:example4=zzz'
const ANNOTATION_ARGS = ANNOTATIONS.split('\n').flatMap(a => ['--annotation', a])
const LABELS = [
  'org.opencontainers.image.title=buildkit',
  'org.opencontainers.image.description=concurrent, cache-efficient, and Dockerfile-agnostic builder toolkit'
]
const QUOTED_LABELS = [
  'org.opencontainers.image.title=filter_results_top_n',
  'org.opencontainers.image.description=Reference implementation of operation "filter results (top-n)"'
]
const LOCAL = 'type=local,dest=./release-out'
const labels = (l: string[]) => l.flatMap(x => ['--label', x])
const IMAGE_OUTPUT =
  'type=image,"name=localhost:5000/name/app:latest,localhost:5000/name/app:foo",push-by-digest=true,name-canonical=true,push=true'
const envs = [
  '--secret',
  'id=MY_SECRET,env=MY_SECRET_ENV',
  '--secret',
  'id=ANOTHER_SECRET,env=ANOTHER_SECRET_ENV'
]

type Case = [
  number,
  Record<string, string>,
  string[],
  { why: Difference; ours: (peer: string[]) => string[] }?
]
const PEER_CASES: Case[] = [
  [0, { context: '.' }, [...I, '.']],
  [
    1,
    { 'build-args': 'MY_ARG=val1,val2,val3\nARG=val\n"MULTILINE=aaaa\nbbbb\nccc"' },
    [
      '--build-arg',
      'MY_ARG=val1,val2,val3',
      '--build-arg',
      'ARG=val',
      '--build-arg',
      'MULTILINE=aaaa\nbbbb\nccc',
      ...I,
      GIT
    ],
    { why: 'context defaults to the checkout', ours: checkout }
  ],
  [
    2,
    { tags: 'name/app:7.4, name/app:latest' },
    [...I, '--tag', 'name/app:7.4', '--tag', 'name/app:latest', GIT],
    { why: 'context defaults to the checkout', ours: checkout }
  ],
  [
    3,
    { context: '.', labels: LABELS.join('\n'), outputs: LOCAL },
    [...labels(LABELS), '--output', LOCAL, '.'],
    { why: 'no buildx version gates', ours: plus(...MIN) }
  ],
  [4, { context: '.', ...TWO }, [...TWO_ARGS, '.'], { why: 'no buildx version gates', ours: plus(...I) }],
  [5, { context: '.' }, [...I, '.']],
  [
    6,
    { context: '.', secrets: 'GIT_AUTH_TOKEN=abcdefghijklmno=0123456789' },
    [...I, ...secret('GIT_AUTH_TOKEN'), '.']
  ],
  [
    7,
    { 'github-token': 'abcdefghijklmno0123456789', outputs: '.' },
    ['--output', '.', ...secret('GIT_AUTH_TOKEN'), GIT],
    { why: 'context defaults to the checkout', ours: () => ['--output', '.', ...MIN, '.'] }
  ],
  [
    8,
    {
      ...GIT_PUSH,
      ...TWO,
      tag: 'localhost:5000/name/app:latest',
      secrets: 'GIT_AUTH_TOKEN=abcdefghijklmno=0123456789'
    },
    [...GIT_PUSH_ARGS, ...TWO_ARGS, ...secret('GIT_AUTH_TOKEN'), GIT],
    { why: 'no buildx version gates', ours: plus(...MIN) }
  ],
  [
    9,
    { ...GIT_PUSH, ...TWO, secrets: SECRETS },
    [...GIT_PUSH_ARGS, ...TWO_ARGS, ...FOUR_SECRETS, GIT],
    { why: 'no buildx version gates', ours: plus(...MIN) }
  ],
  [
    10,
    { ...GIT_PUSH, ...TWO, secrets: SECRETS.replace(/"/g, '') },
    [...GIT_PUSH_ARGS, ...TWO_ARGS, ...FOUR_SECRETS, GIT],
    {
      why: 'a malformed secret fails the step',
      ours: () => ["input 'secrets': got '<7 characters hidden>'; accepted: id=value lines"]
    }
  ],
  [
    11,
    { ...GIT_PUSH, 'secret-files': 'MY_SECRET=/fixtures/secret.txt', network: 'host' },
    [...GIT_PUSH_ARGS, ...secret('MY_SECRET'), '--network', 'host', GIT],
    { why: 'no buildx version gates', ours: plus(...MIN) }
  ],
  [
    12,
    { context: '.', labels: QUOTED_LABELS.join('\n'), outputs: LOCAL },
    [...labels(QUOTED_LABELS), '--output', LOCAL, '.'],
    { why: 'no buildx version gates', ours: plus(...MIN) }
  ],
  [
    13,
    {
      context: '.',
      file: './test/Dockerfile',
      'add-hosts': 'docker:10.180.0.1,foo:10.0.0.1',
      network: 'host',
      push: 'true'
    },
    [
      '--add-host',
      'docker:10.180.0.1',
      '--add-host',
      'foo:10.0.0.1',
      '--file',
      './test/Dockerfile',
      ...I,
      ...M,
      '--network',
      'host',
      '--push',
      '.'
    ],
    { why: 'no buildx version gates', ours: plus(...MIN) }
  ],
  [
    14,
    {
      context: '.',
      file: './test/Dockerfile',
      'add-hosts': 'docker:10.180.0.1\nfoo:10.0.0.1',
      'cgroup-parent': 'foo',
      'shm-size': '2g',
      ulimit: 'nofile=1024:1024\nnproc=3'
    },
    [
      '--add-host',
      'docker:10.180.0.1',
      '--add-host',
      'foo:10.0.0.1',
      '--cgroup-parent',
      'foo',
      '--file',
      './test/Dockerfile',
      ...I,
      '--shm-size',
      '2g',
      '--ulimit',
      'nofile=1024:1024',
      '--ulimit',
      'nproc=3',
      ...M,
      '.'
    ]
  ],
  [15, { context: '{{defaultContext}}:docker' }, [...I, ...M, `${GIT}:docker`]],
  [
    16,
    { 'github-token': 'abcdefghijklmno0123456789', context: '{{defaultContext}}:subdir' },
    [...I, ...secret('GIT_AUTH_TOKEN'), ...M, `${GIT}:subdir`],
    {
      why: 'github-token for every Git context on the server, as GIT_AUTH_TOKEN.<host>',
      ours: peer => peer.map(a => a.replace('id=GIT_AUTH_TOKEN,', 'id=GIT_AUTH_TOKEN.github.com,'))
    }
  ],
  [
    17,
    { context: '.', provenance: 'true' },
    [...I, ...M, '.'],
    { why: 'no buildx version gates', ours: plus('--attest', `type=provenance,builder-id=${RUN}`) }
  ],
  [
    18,
    { context: '.' },
    [...I, ...MIN, ...M, '.'],
    { why: 'default provenance only when the image leaves the builder', ours: () => [...I, ...M, '.'] }
  ],
  [
    19,
    { context: '.', provenance: 'true' },
    [...I, '--attest', `type=provenance,builder-id=${RUN}`, ...M, '.']
  ],
  [
    20,
    { context: '.', provenance: 'mode=max' },
    [...I, '--attest', `type=provenance,mode=max,builder-id=${RUN}`, ...M, '.']
  ],
  [21, { context: '.', provenance: 'false' }, [...I, '--attest', 'type=provenance,disabled=true', ...M, '.']],
  [
    22,
    { context: '.', provenance: 'builder-id=foo' },
    [...I, '--attest', 'type=provenance,builder-id=foo', ...M, '.']
  ],
  [23, { context: '.', outputs: 'type=docker' }, [...I, '--output', 'type=docker', ...M, '.']],
  [24, { context: '.', load: 'true' }, [...I, '--load', ...M, '.']],
  [
    25,
    { context: '.', 'build-args': 'FOO=bar#baz', load: 'true' },
    ['--build-arg', 'FOO=bar#baz', ...I, '--load', ...M, '.']
  ],
  [
    26,
    {
      context: '.',
      load: 'true',
      'secret-envs': 'MY_SECRET=MY_SECRET_ENV\nANOTHER_SECRET=ANOTHER_SECRET_ENV'
    },
    [...envs, ...I, '--load', ...M, '.']
  ],
  [
    27,
    {
      context: '.',
      load: 'true',
      'secret-envs': 'MY_SECRET=MY_SECRET_ENV,ANOTHER_SECRET=ANOTHER_SECRET_ENV'
    },
    [...envs, ...I, '--load', ...M, '.']
  ],
  [
    28,
    { context: '.', annotations: ANNOTATIONS, outputs: LOCAL },
    ['--output', LOCAL, ...MIN, ...M, '.'],
    { why: 'no buildx version gates', ours: plus(...ANNOTATION_ARGS) }
  ],
  [
    29,
    { context: '.', annotations: ANNOTATIONS, outputs: LOCAL },
    [...ANNOTATION_ARGS, '--output', LOCAL, ...MIN, ...M, '.']
  ],
  [30, { context: '.', outputs: IMAGE_OUTPUT }, [...I, '--output', IMAGE_OUTPUT, ...MIN, ...M, '.']],
  [
    31,
    { context: '.', provenance: 'mode=max', sbom: 'true' },
    [
      ...I,
      '--attest',
      `type=provenance,mode=max,builder-id=${RUN}`,
      '--attest',
      'type=sbom,disabled=false',
      ...M,
      '.'
    ]
  ],
  [
    32,
    { context: '.', attests: 'type=provenance,mode=min', provenance: 'mode=max' },
    [...I, '--attest', `type=provenance,mode=max,builder-id=${RUN}`, ...M, '.']
  ],
  [
    33,
    { context: '.', attests: 'type=provenance,mode=min' },
    [...I, '--attest', `type=provenance,mode=min,builder-id=${RUN}`, ...M, '.']
  ],
  [
    34,
    { context: '.', 'cache-to': 'type=gha', 'github-token': 'abcd1234' },
    ['--cache-to', 'type=gha,repository=docker/build-push-action,ghtoken=abcd1234', ...I, ...MIN, ...M, '.'],
    {
      why: 'cache-to gets ignore-error, and no token on the command line',
      ours: () => ['--cache-to', 'type=gha,ignore-error=true', ...I, ...M, '.']
    }
  ]
]

describe("build-push-action's own getArgs cases", () => {
  test('all 35 are here; 19 give the same build, 16 differ as documented', () => {
    expect(PEER_CASES.map(c => c[0])).toEqual([...Array(35).keys()])
    expect(PEER_CASES.filter(c => !c[3])).toHaveLength(19)
    const why = PEER_CASES.filter(c => c[3]).map(c => c[3]!.why)
    expect(why).toHaveLength(16)
    expect(new Set(why).size).toBe(6)
  })
  test.each(PEER_CASES.filter(c => !c[3]))('case %d: the same buildx arguments', (_n, inputs, peer) => {
    expect(normalize(ours(inputs))).toEqual(normalize(peer))
  })
  test.each(PEER_CASES.filter(c => c[3]).map(c => [c[0], c[3]!.why, c[1], c[2], c[3]!.ours(c[2])] as const))(
    'case %d differs: %s',
    (_n, why, inputs, peer, expected) => {
      if (why === 'a malformed secret fails the step') {
        expect(() => ours(inputs)).toThrow(expected[0])
        return
      }
      expect(normalize(ours(inputs))).toEqual(normalize(expected))
      expect(normalize(expected)).not.toEqual(normalize(peer))
    }
  )
})

// Each deliberate difference from build-push-action (README: Migrating), one test each.
describe('deliberate differences from build-push-action', () => {
  const args = (m: Record<string, string>, env = ENV) => normalize(ours(m, env))

  test('context defaults to the checkout', () => {
    expect(parse({}, ENV).context).toBe('.')
    expect(args({ 'github-token': 'tok' })).toEqual([...normalize([...I, '.'])])
  })
  test('--progress=plain', () => {
    expect(ours({})).toContain('--progress=plain')
  })
  test('cache-to gets ignore-error, and no token on the command line', () => {
    expect(ours({ 'cache-to': 'type=gha', 'github-token': 'abcd1234' }).join(' ')).toContain(
      '--cache-to type=gha,ignore-error=true '
    )
    expect(ours({ 'cache-to': 'type=gha', 'github-token': 'abcd1234' }).join(' ')).not.toContain('abcd1234')
  })
  test('a registry cache-to defaults to mode=max', () => {
    expect(ours({ 'cache-to': 'ghcr.io/acme/app:cache' }).join(' ')).toContain(
      '--cache-to type=registry,ref=ghcr.io/acme/app:cache,mode=max,ignore-error=true'
    )
  })
  test('entitlements: none unless setup-builder granted them', () => {
    expect(() => checkEntitlements(['network.host'], [])).toThrow(
      "input 'allow': got 'network.host'; accepted: none: the entitlements setup-builder granted"
    )
  })
  test('default provenance only when the image leaves the builder', () => {
    expect(ours({}).join(' ')).not.toContain('--attest')
    expect(ours({ push: 'true', tags: 'r/a:1' })).toEqual(expect.arrayContaining(MIN))
  })
  test('a malformed secret fails the step', () => {
    expect(() => ours({ secrets: 'FOO=bar\nbbbbbbb' })).toThrow(
      "input 'secrets': got '<7 characters hidden>'"
    )
  })
  test('a quoted secret keeps its final newline', () => {
    expect(parse({ secrets: '"KEY=-----BEGIN-----\nabc\n\n-----END-----\n"' }).secrets).toEqual([
      { id: 'KEY', value: '-----BEGIN-----\nabc\n\n-----END-----\n' }
    ])
  })
  test('a line starting with # is a comment', () => {
    expect(parse({ 'build-args': '# FOO=old\nFOO=new' }).buildArgs).toEqual(['FOO=new'])
  })
  test('no buildx version gates', () => {
    expect(ours({ annotations: 'index:k=v' })).toEqual(expect.arrayContaining(['--annotation', 'index:k=v']))
  })
  test('github-token for every Git context on the server, as GIT_AUTH_TOKEN.<host>', () => {
    const ghes = { ...ENV, GITHUB_SERVER_URL: 'https://ghe.example.com' }
    expect(
      args({ context: 'https://ghe.example.com/acme/other.git#main', 'github-token': 'tok' }, ghes)
    ).toContain('--secret id=GIT_AUTH_TOKEN.ghe.example.com,src=<file>')
  })
  test('bad values fail before buildx runs', () => {
    expect(() => ours({ network: 'bridgex' })).toThrow("input 'network': got 'bridgex'")
  })
  test('the Dockerfile frontend is pinned for the job', () => {
    const i = parse({}, ENV)
    expect(
      engineInputs(i, { pinned: 'docker/dockerfile:1.18.0@sha256:ab', work: '/w' }).build.buildArgs
    ).toEqual(['BUILDKIT_SYNTAX=docker/dockerfile:1.18.0@sha256:ab'])
  })
})
