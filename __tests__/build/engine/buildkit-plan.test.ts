import {
  attestArgs,
  attestationEnabled,
  type AttestFacts,
  displayCommand,
  gitAuthHost,
  gitAuthSecrets,
  hasAttestationType,
  planBuild,
  provenanceInput,
  resolveAttestationAttrs,
  resolveProvenanceAttrs,
  resultOutputs
} from '../../../build/engine/buildkit-plan.js'
import { parse } from '../../helpers/build.js'

const ctx = {
  metadataFile: '/t/meta.json',
  secretPaths: { npm: '/t/secret-0' },
  builder: '',
  cacheFrom: [],
  cacheTo: []
}

describe('planBuild', () => {
  test('the minimal build', () => {
    expect(planBuild(parse({}), ctx).args).toEqual([
      'buildx',
      'build',
      '--progress=plain',
      '--metadata-file',
      '/t/meta.json',
      '.'
    ])
  })
  test('every build-push-action input maps to its flag, context last', () => {
    const i = parse({
      context: 'app',
      file: 'app/Containerfile',
      tags: 'r/x:1,r/x:2',
      labels: 'a=b',
      annotations: 'index:k=v',
      'build-args': 'A=1',
      'build-contexts': 'base=docker-image://alpine',
      target: 'prod',
      platforms: 'linux/amd64,linux/arm64',
      push: 'true',
      outputs: 'type=local,dest=out',
      secrets: 'npm=tok',
      'secret-files': 'key=/k',
      'secret-envs': 'gh=GH_TOKEN',
      ssh: 'default',
      provenance: 'mode=max',
      sbom: 'true',
      'no-cache': 'true',
      'no-cache-filters': 'deps',
      pull: 'true',
      network: 'host',
      allow: 'network.host',
      'add-hosts': 'db:10.0.0.2',
      'shm-size': '2g',
      ulimit: 'nofile=1024:2048'
    })
    expect(
      planBuild(i, { ...ctx, builder: 'b1', cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max'] }).args
    ).toEqual([
      'buildx',
      'build',
      '--progress=plain',
      '--metadata-file',
      '/t/meta.json',
      '--builder',
      'b1',
      '--file',
      'app/Containerfile',
      '--tag',
      'r/x:1',
      '--tag',
      'r/x:2',
      '--label',
      'a=b',
      '--annotation',
      'index:k=v',
      '--build-arg',
      'A=1',
      '--build-context',
      'base=docker-image://alpine',
      '--target',
      'prod',
      '--platform',
      'linux/amd64,linux/arm64',
      '--push',
      '--output',
      'type=local,dest=out',
      '--secret',
      'id=npm,src=/t/secret-0',
      '--secret',
      'id=key,src=/k',
      '--secret',
      'id=gh,env=GH_TOKEN',
      '--ssh',
      'default',
      '--no-cache',
      '--no-cache-filter',
      'deps',
      '--pull',
      '--network',
      'host',
      '--allow',
      'network.host',
      '--add-host',
      'db:10.0.0.2',
      '--shm-size',
      '2g',
      '--ulimit',
      'nofile=1024:2048',
      '--attest',
      'type=provenance,mode=max',
      '--attest',
      'type=sbom,disabled=false',
      '--cache-from',
      'type=gha',
      '--cache-to',
      'type=gha,mode=max',
      'app'
    ])
  })
  test('attests, call and cgroup-parent, after the build-push-action flags', () => {
    const args = planBuild(
      parse({
        attests: 'type=provenance,mode=max\ntype=sbom',
        call: 'check,format=json',
        'cgroup-parent': 'ci.slice'
      }),
      ctx
    ).args
    expect(args.slice(args.indexOf('--attest'), -1)).toEqual([
      '--attest',
      'type=provenance,mode=max',
      '--attest',
      'type=sbom',
      '--call=check,format=json',
      '--cgroup-parent',
      'ci.slice'
    ])
  })
  test('github-token goes to a Git context on the GitHub server only, as a secret file', () => {
    const git = 'https://github.com/acme/app.git#main:docker'
    const plan = (context: string, more: Record<string, string> = {}) => {
      const i = parse({ context, 'github-token': 'tok', ...more })
      return planBuild(
        { ...i, secrets: gitAuthSecrets(i, 'https://github.com') },
        { ...ctx, secretPaths: { ...ctx.secretPaths, 'GIT_AUTH_TOKEN.github.com': '/t/git-auth-token' } }
      ).args.join(' ')
    }
    expect(plan(git)).toContain('--secret id=GIT_AUTH_TOKEN.github.com,src=/t/git-auth-token')
    for (const context of ['.', 'https://gitlab.com/acme/app.git', 'https://github.com.evil.io/app.tar.gz'])
      expect(plan(context)).not.toContain('GIT_AUTH_TOKEN')
    // A GIT_AUTH_TOKEN secret of the user's wins.
    expect(plan(git, { 'secret-envs': 'GIT_AUTH_TOKEN.github.com=MY_TOKEN' })).not.toContain(
      'id=GIT_AUTH_TOKEN.github.com,src='
    )
    expect(plan(git)).not.toContain('tok ')
    expect(gitAuthHost('https://ghe.acme.io/a/b.git', 'https://ghe.acme.io')).toBe('ghe.acme.io')
    expect(gitAuthHost('https://x-access-token@github.com/a/b', 'https://github.com')).toBe('github.com')
  })
  test('a secret value never reaches the argv', () => {
    expect(planBuild(parse({ secrets: 'npm=tok' }), ctx).args.join(' ')).not.toContain('tok')
  })
})

test('outputs come from the metadata file', () => {
  expect(
    resultOutputs({ 'containerimage.digest': 'sha256:a', 'containerimage.config.digest': 'sha256:b' })
  ).toEqual({
    digest: 'sha256:a',
    imageid: 'sha256:b'
  })
  expect(resultOutputs({})).toEqual({ digest: '', imageid: '' })
})

test('imageid: the iidfile, as build-push-action reports it (pushed images too), else the config digest', () => {
  expect(resultOutputs({ 'containerimage.digest': 'sha256:a' }, 'sha256:c\n')).toEqual({
    digest: 'sha256:a',
    imageid: 'sha256:c'
  })
  expect(resultOutputs({ 'containerimage.config.digest': 'sha256:b' }, '')).toEqual({
    digest: '',
    imageid: 'sha256:b'
  })
})

test('--iidfile unless the result is a directory or a tar (local, tar outputs), as build-push-action', () => {
  const args = (m: Record<string, string>) => planBuild(parse(m), { ...ctx, iidFile: '/t/iid' }).args
  expect(args({ push: 'true', tags: 'r/a' })).toEqual(expect.arrayContaining(['--iidfile', '/t/iid']))
  expect(args({ outputs: 'type=docker' })).toContain('--iidfile')
  expect(args({ outputs: 'type=local,dest=out' })).not.toContain('--iidfile')
  expect(args({ outputs: 'type=tar,dest=out.tar' })).not.toContain('--iidfile')
  expect(args({ outputs: 'out' })).not.toContain('--iidfile')
})

describe('the echoed command line is one line', () => {
  test('a newline in a value is shown escaped, never raw; spaces and quotes are quoted', () => {
    const line = displayCommand([
      'buildx',
      'build',
      '--build-arg',
      'A=x\n::error::y',
      '--label',
      'd=a "b" c',
      '.'
    ])
    expect(line).not.toMatch(/[\r\n]/)
    expect(line).toBe(`buildx build --build-arg 'A=x\\n::error::y' --label 'd=a "b" c' .`)
    expect(displayCommand(['--tag', 'r/a:1', ''])).toBe("--tag r/a:1 ''")
  })
})

// docker/actions-toolkit's own Build test cases for the attestation helpers, with its run
// (docker/actions-toolkit, run 2188748038, attempt 2).
const RUN = 'https://github.com/docker/actions-toolkit/actions/runs/2188748038/attempts/2'
describe('attestations, as the Actions toolkit resolves them (its own test cases)', () => {
  test.each([
    ['true', `builder-id=${RUN}`],
    ['false', 'false'],
    ['mode=min', `mode=min,builder-id=${RUN}`],
    ['mode=max', `mode=max,builder-id=${RUN}`],
    ['builder-id=foo', 'builder-id=foo'],
    ['mode=max,builder-id=foo', 'mode=max,builder-id=foo'],
    ['', '']
  ])('getProvenanceInput %j → %j', (input, expected) => expect(provenanceInput(input, RUN)).toBe(expected))
  test.each([
    ['mode=min', `mode=min,builder-id=${RUN}`],
    ['mode=max', `mode=max,builder-id=${RUN}`],
    ['builder-id=foo', 'builder-id=foo'],
    ['mode=max,builder-id=foo', 'mode=max,builder-id=foo'],
    ['', `builder-id=${RUN}`]
  ])('resolveProvenanceAttrs %j → %j', (input, expected) =>
    expect(resolveProvenanceAttrs(input, RUN)).toBe(expected)
  )
  test.each([
    ['type=provenance,mode=min', 'provenance', true],
    ['type=sbom,true', 'sbom', true],
    ['type=foo,bar', 'provenance', false]
  ])('hasAttestationType %j %s → %s', (attrs, name, expected) =>
    expect(hasAttestationType(name, attrs)).toBe(expected)
  )
  test.each([
    ['type=provenance,mode=min', 'type=provenance,mode=min'],
    ['type=provenance,true', 'type=provenance,disabled=false'],
    ['type=provenance,false', 'type=provenance,disabled=true'],
    ['', '']
  ])('resolveAttestationAttrs %j → %j', (input, expected) =>
    expect(resolveAttestationAttrs(input)).toBe(expected)
  )
})

describe('attestArgs', () => {
  const facts: AttestFacts = { builderId: RUN, privateRepo: false }
  const attest = (m: Record<string, string>, f = facts) => attestArgs(parse(m), f)
  test('provenance wins over an attests provenance entry; sbom over an attests sbom entry', () => {
    expect(
      attest({
        attests: 'type=provenance,mode=min\ntype=sbom\ntype=foo,true',
        provenance: 'mode=max',
        sbom: 'false'
      })
    ).toEqual([
      `type=provenance,mode=max,builder-id=${RUN}`,
      'type=sbom,disabled=true',
      'type=foo,disabled=false'
    ])
  })
  test("the default provenance of a pushed image: max with the run's URL (public), min inline-only (private)", () => {
    expect(attest({ push: 'true', tags: 'r/a' })).toEqual([`type=provenance,mode=max,builder-id=${RUN}`])
    expect(attest({ push: 'true', tags: 'r/a' }, { ...facts, privateRepo: true })).toEqual([
      `type=provenance,mode=min,inline-only=true,builder-id=${RUN}`
    ])
    expect(attest({ outputs: 'type=local,dest=out' })).toEqual([`type=provenance,mode=max,builder-id=${RUN}`])
  })
  test('no default provenance when the image is loaded, an attests entry gives one, outside a run, or on a builder that refused it', () => {
    expect(attest({ push: 'true', tags: 'r/a', load: 'true' })).toEqual([])
    expect(attest({ outputs: 'type=docker' })).toEqual([])
    expect(attest({ push: 'true', tags: 'r/a', attests: 'type=provenance,mode=min' })).toEqual([
      `type=provenance,mode=min,builder-id=${RUN}`
    ])
    expect(attest({ push: 'true', tags: 'r/a' }, { privateRepo: false })).toEqual([])
    expect(attest({ push: 'true', tags: 'r/a' }, { ...facts, defaultProvenance: false })).toEqual([])
    // The user's own stays (buildx then names what the builder cannot do).
    expect(
      attest({ push: 'true', tags: 'r/a', sbom: 'true' }, { ...facts, defaultProvenance: false })
    ).toEqual(['type=sbom,disabled=false'])
  })
})

describe("a matrix leg's mark", () => {
  const mark = { runId: '991', attempt: 2, nonce: 'n1' }
  const value = 'io.github.buildx-action-suite.leg=run=991,attempt=2,nonce=n1'
  const leg = (m: Record<string, string>, attest?: AttestFacts) =>
    planBuild(parse({ labels: 'a=b', annotations: 'index:c=d', ...m }), {
      ...ctx,
      legMark: mark,
      attest
    }).args
  const after = (args: string[], flag: string) => args.filter((_, n) => args[n - 1] === flag)
  test("with attestations: an annotation of the index they make, the image's labels the user's own", () => {
    const args = leg(
      { outputs: 'type=image,push-by-digest=true,push=true' },
      { builderId: RUN, privateRepo: true }
    )
    expect(after(args, '--annotation')).toEqual(['index:c=d', `index:${value}`])
    expect(after(args, '--label')).toEqual(['a=b'])
    expect(after(leg({ sbom: 'true' }), '--annotation')).toEqual(['index:c=d', `index:${value}`])
  })
  test('without attestations (none asked, all disabled, refused by the builder): a label of the image', () => {
    for (const [m, facts] of [
      [{ outputs: 'type=image,push=true' }, undefined],
      [
        { outputs: 'type=image,push=true', provenance: 'false' },
        { builderId: RUN, privateRepo: false }
      ],
      [{ outputs: 'type=image,push=true', attests: 'type=sbom,disabled=T' }, undefined],
      [{ outputs: 'type=image,push=true' }, { builderId: RUN, privateRepo: false, defaultProvenance: false }]
    ] as const) {
      const args = leg(m, facts)
      expect(after(args, '--label')).toEqual(['a=b', value])
      expect(after(args, '--annotation')).toEqual(['index:c=d'])
    }
  })
  test('attestationEnabled reads disabled= as Go reads a bool', () => {
    expect(attestationEnabled('type=provenance,mode=max')).toBe(true)
    expect(attestationEnabled('type=sbom,disabled=false')).toBe(true)
    for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(attestationEnabled(`type=sbom,disabled=${v}`)).toBe(false)
    expect(attestationEnabled('type=sbom, disabled = true ')).toBe(false)
  })
})

// docker/actions-toolkit's own hasGitAuthTokenSecret cases: a GIT_AUTH_TOKEN secret of the user's means
// github-token is not added.
test.each([
  ['A_SECRET=abcdef0123456789', 2],
  ['GIT_AUTH_TOKEN=abcdefghijklmno=0123456789', 1]
])('secrets %j: github-token added unless a GIT_AUTH_TOKEN is given', (entry, count) => {
  const i = parse({ context: 'https://github.com/acme/app.git', secrets: entry, 'github-token': 'tok' })
  expect(gitAuthSecrets(i, 'https://github.com')).toHaveLength(count)
})
