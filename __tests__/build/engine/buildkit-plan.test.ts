import { gitAuthHost, gitAuthSecrets, planBuild, resultOutputs } from '../../../build/engine/buildkit-plan.js'
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
      '--provenance=mode=max',
      '--sbom=true',
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
