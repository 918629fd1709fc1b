import { parseGitContext } from '../../../build/inputs/values.js'
import { parseBuildInputs } from '../../../build/inputs/read.js'
import { Inputs } from '../../../lib/inputs.js'
import { parse } from '../../helpers/build.js'

describe('bad values fail in one line naming the input, before anything runs', () => {
  test.each([
    [{ provenance: 'maybe' }, "input 'provenance': got 'maybe'; accepted: true | false | mode=min|max"],
    [{ provenance: 'mode=medium' }, "input 'provenance': got 'mode=medium'"],
    [{ sbom: 'yes please' }, "input 'sbom': got 'yes please'; accepted: true | false | generator=<image>"],
    [{ annotations: 'noeq' }, "input 'annotations': got 'noeq'; accepted: key=value lines"],
    [{ annotations: 'layer:k=v' }, "input 'annotations': got 'layer:k=v'"],
    [{ network: 'bridgex' }, "input 'network': got 'bridgex'; accepted: default | none | host"],
    [{ target: '-x' }, "input 'target': got '-x'; accepted: a stage name"],
    [
      { context: '--load' },
      "input 'context': got '--load'; accepted: a path, a URL, - (stdin), git or git:<subdir>; not a flag"
    ],
    [{ outputs: 'type=tar' }, "input 'outputs': got 'type=tar'; accepted: type=tar with dest=<path>"],
    [{ outputs: 'type=oci' }, "input 'outputs': got 'type=oci'; accepted: type=oci with dest=<path>"],
    [{ outputs: 'type=local' }, "input 'outputs': got 'type=local'; accepted: type=local with dest=<path>"],
    [
      { outputs: 'type=tar,dest=-' },
      "input 'outputs': got 'type=tar,dest=-'; accepted: a dest file or directory"
    ],
    [{ outputs: '-' }, "input 'outputs': got '-'; accepted: a dest file or directory"],
    [{ outputs: 'type=ftp,dest=x' }, "input 'outputs': got 'type=ftp,dest=x'; accepted: type=registry|image"],
    [
      { platforms: 'linux/notanarch' },
      "input 'platforms': got 'linux/notanarch'; accepted: os/arch[/variant]"
    ],
    [{ platforms: 'linux/amd64,linux/arm/v9' }, "input 'platforms': got 'linux/arm/v9'"],
    [
      { ssh: 'my key' },
      "input 'ssh': got 'my key'; accepted: default, <id>, or <id>=<agent socket or key file>"
    ],
    [{ secrets: 'aaaaaaaa=' }, "input 'secrets': got '<9 characters hidden>'; accepted: id=value lines"],
    [{ secrets: '=bbbbbbb' }, "input 'secrets': got '<8 characters hidden>'"],
    [{ 'secret-envs': 'FOO=' }, "input 'secret-envs': got 'FOO='; accepted: id=VARIABLE entries"],
    [{ cache: 'local', 'cache-scope': '..' }, "input 'cache-scope': got '..'; accepted: a scope name"],
    [{ cache: 'local', 'cache-scope': '../x' }, "input 'cache-scope': got '../x'"],
    [{ cache: 'local', 'cache-scope': 'a/../..' }, "input 'cache-scope': got 'a/../..'"],
    [{ cache: 'local', 'cache-scope': '/etc' }, "input 'cache-scope': got '/etc'"],
    [{ cache: 'gha', 'cache-scope': 'a\\b' }, "input 'cache-scope': got 'a\\b'"]
  ])('%j', (given, message) => expect(() => parse(given as Record<string, string>)).toThrow(message))

  test.each([
    'target',
    'network',
    'file',
    'builder',
    'cgroup-parent',
    'shm-size',
    'call',
    'context',
    'provenance'
  ])('a newline inside %s', name => {
    expect(() => parse({ [name]: 'x\n::warning::injected' })).toThrow(
      `input '${name}': got 'x\\n::warning::injected'; accepted: a single value on one line`
    )
  })

  test('files named by ssh and secret-files must exist; the agent forms need none', () => {
    const exists = (p: string) => p === '/home/runner/.ssh/id_ed25519'
    const read = (m: Record<string, string>) => parseBuildInputs(new Inputs(n => m[n] ?? ''), {}, exists)
    expect(() => read({ ssh: 'default=/nonexistent/key' })).toThrow(
      "input 'ssh': got 'default=/nonexistent/key'; accepted: an agent socket or key file that exists (/nonexistent/key does not)"
    )
    expect(() => read({ ssh: 'github=/nonexistent/key' })).toThrow(
      "input 'ssh': got 'github=/nonexistent/key'"
    )
    expect(read({ ssh: 'default,github=/home/runner/.ssh/id_ed25519' }).ssh).toEqual([
      'default',
      'github=/home/runner/.ssh/id_ed25519'
    ])
    expect(() => read({ 'secret-files': 'notfound=secret' })).toThrow(
      "input 'secret-files': got 'notfound=secret'; accepted: id=path of a file that exists (secret does not)"
    )
  })

  test('platforms buildx knows pass, in their spellings', () => {
    const given =
      'linux/amd64,linux/arm64,linux/arm64/v8,linux/arm/v7,linux/arm/v6,linux/386,linux/ppc64le,linux/s390x,linux/riscv64,linux/mips64le,windows/amd64,linux/amd64/v3,darwin/arm64,local,arm64'
    expect(parse({ platforms: given }).platforms).toEqual(given.split(','))
  })
})

describe('merge refuses what cannot apply to an index, in one line', () => {
  test.each([
    [{ 'build-args': 'A=1' }, "input 'build-args': got 'A=1'; accepted: nothing with merge"],
    [{ file: 'Dockerfile.prod' }, "input 'file': got 'Dockerfile.prod'; accepted: nothing with merge"],
    [{ target: 'prod' }, "input 'target': got 'prod'"],
    [{ labels: 'a=b' }, "input 'labels': got 'a=b'"],
    [{ secrets: 'A=hunter2' }, "input 'secrets': got '<hidden>'"],
    [{ platforms: 'linux/amd64' }, "input 'platforms': got 'linux/amd64'"],
    [{ cache: 'max' }, "input 'cache': got 'max'"],
    [{ provenance: 'mode=max' }, "input 'provenance': got 'mode=max'"],
    [{ context: 'app' }, "input 'context': got 'app'"]
  ])('%j', (given, message) =>
    expect(() => parse({ merge: 'amd64,arm64v8', tags: 'r/app:1', ...given })).toThrow(message)
  )
  test('tags, annotations, builder and push are what a merge takes', () => {
    const i = parse({ merge: 'amd64', tags: 'r/app:1', annotations: 'index:k=v', builder: 'b', push: 'true' })
    expect(i.annotations).toEqual(['index:k=v'])
  })
})

describe('context: git', () => {
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
})

describe('tags: image references, read by lib/image-ref.ts, one line each naming tags', () => {
  test.each([
    ['UPPER/Case:Tag', 'repository name must be lowercase'],
    ['ghcr.io/acme/my app:1', "invalid repository 'acme/my app'"],
    ['ghcr.io//app:1', "invalid repository '/app'"],
    ['ghcr.io:port/app:1', "registry 'ghcr.io:port' is not a host name"],
    [`ghcr.io/acme/app@sha256:${'a'.repeat(64)}`, 'a digest where a tag is expected']
  ])('%s', (tag, why) => {
    expect(() => parse({ tags: tag })).toThrow(
      `input 'tags': got '${tag}'; accepted: image references such as ghcr.io/acme/app:1.2 (${why})`
    )
  })
  test('a registry with a port, a tag, or neither: accepted', () => {
    expect(parse({ tags: 'localhost:5000/app:1,ghcr.io/acme/app,app:latest' }).tags).toHaveLength(3)
  })
})
