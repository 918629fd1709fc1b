import { formatCacheEntry } from '../../../build/cache/entries.js'
import { parseBuildInputs } from '../../../build/inputs/read.js'
import { Inputs } from '../../../lib/inputs.js'
import { parse } from '../../helpers/build.js'

describe('build inputs', () => {
  test.each([
    [{ push: 'yes please' }, "input 'push': got 'yes please'; accepted: true | false"],
    [{ 'build-args': '=x' }, "input 'build-args': got '=x'; accepted: NAME=value lines"],
    [{ labels: 'no-value' }, "input 'labels': got 'no-value'; accepted: name=value lines"],
    [{ 'build-contexts': 'alpine' }, "input 'build-contexts': got 'alpine'; accepted: name=path"],
    [
      { allow: 'network.none' },
      "input 'allow': got 'network.none'; accepted: network.host | security.insecure"
    ],
    [{ 'add-hosts': 'nohost' }, "input 'add-hosts': got 'nohost'; accepted: host:ip entries"],
    [{ 'shm-size': 'big' }, "input 'shm-size': got 'big'; accepted: a size such as 64m or 2g"],
    [{ ulimit: 'nofile' }, "input 'ulimit': got 'nofile'; accepted: type=soft[:hard]"],
    [{ 'secret-files': 'justapath' }, "input 'secret-files': got 'justapath'; accepted: id=path lines"],
    [
      { attests: 'provenance' },
      "input 'attests': got 'provenance'; accepted: type=provenance|sbom[,key=value…] lines"
    ],
    [
      { call: 'lint' },
      "input 'call': got 'lint'; accepted: build | check | outline | targets (optionally ,format=json)"
    ]
  ])('%j', (inputs, message) => expect(() => parse(inputs)).toThrow(message))

  test('a malformed secret line is never echoed', () => {
    expect(() => parse({ secrets: 'hunter2' })).toThrow("input 'secrets': got '<7 characters hidden>'")
  })

  test('tags and platforms split on commas and newlines; build-args keep their commas', () => {
    const i = parse({
      tags: 'a:1,a:2\na:3',
      platforms: 'linux/amd64,linux/arm64',
      'build-args': 'LIST=a,b,c'
    })
    expect(i.tags).toEqual(['a:1', 'a:2', 'a:3'])
    expect(i.platforms).toEqual(['linux/amd64', 'linux/arm64'])
    expect(i.buildArgs).toEqual(['LIST=a,b,c'])
  })
})

describe('cache inputs', () => {
  test('defaults: no cache, writes when there is one, plain log', () => {
    const i = parse({})
    expect([i.cache, i.cacheRef, i.cacheScope, i.cacheWrite, i.log]).toEqual(['none', '', '', true, 'plain'])
    expect([i.cacheFrom, i.cacheTo]).toEqual([[], []])
  })

  test('cache-from/cache-to shorthands are expanded at parse time', () => {
    const i = parse({
      'cache-from': 'ghcr.io/a/b:cache\nref=ghcr.io/a/c:cache\ntype=gha,scope=x',
      'cache-to': 'ghcr.io/a/b:cache\ntype=local,dest=/tmp/c'
    })
    expect(i.cacheFrom.map(formatCacheEntry)).toEqual([
      'type=registry,ref=ghcr.io/a/b:cache',
      'type=registry,ref=ghcr.io/a/c:cache',
      'type=gha,scope=x'
    ])
    expect(i.cacheTo.map(formatCacheEntry)).toEqual([
      'type=registry,ref=ghcr.io/a/b:cache,mode=max',
      'type=local,dest=/tmp/c'
    ])
  })

  test.each([
    [
      { cache: 'fast' },
      "input 'cache': got 'fast'; accepted: none | inline | min | max | registry | gha | local"
    ],
    [{ 'cache-write': 'maybe' }, "input 'cache-write': got 'maybe'; accepted: true | false"],
    [{ log: 'json' }, "input 'log': got 'json'; accepted: plain | grouped"],
    [
      { 'cache-ref': 'ghcr.io/a/b:c' },
      "input 'cache-ref': got 'ghcr.io/a/b:c'; accepted: with cache: inline | min | max | registry (cache is 'none')"
    ],
    [
      { cache: 'gha', 'cache-ref': 'ghcr.io/a/b:c' },
      "input 'cache-ref': got 'ghcr.io/a/b:c'; accepted: with cache: inline | min | max | registry (cache is 'gha')"
    ],
    [
      { cache: 'max', 'cache-ref': 'ghcr.io/Acme/App' },
      "input 'cache-ref': got 'ghcr.io/Acme/App'; accepted: an image repository or repository:tag, such as ghcr.io/acme/app:cache"
    ],
    [
      { cache: 'max', 'cache-ref': 'a b' },
      "input 'cache-ref': got 'a b'; accepted: an image repository or repository:tag"
    ],
    [
      { cache: 'max', 'cache-scope': 'x' },
      "input 'cache-scope': got 'x'; accepted: with cache: gha | local or cache-mounts (cache is 'max')"
    ],
    [
      { cache: 'gha', 'cache-scope': 'a,b' },
      "input 'cache-scope': got 'a,b'; accepted: a scope name: no spaces, commas, quotes or backslashes"
    ],
    [
      { 'cache-from': 'type=nfs,path=/x' },
      "input 'cache-from': got 'type=nfs,path=/x'; accepted: type=registry|"
    ],
    [{ 'cache-to': 'ref=a/b,mode=all' }, "input 'cache-to': got 'ref=a/b,mode=all'; accepted: mode=min|max"],
    [{ 'cache-to': 'type=inline,mode=max' }, 'accepted: type=inline takes no parameters'],
    [{ 'cache-from': 'type=registry' }, 'accepted: type=registry needs ref=<image ref>']
  ])('%j', (inputs, message) => expect(() => parse(inputs)).toThrow(message))
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

// docker/actions-toolkit's own Build.resolveSecret cases (secrets, secret-files, secret-envs): the entry,
// then the id and value buildx gets, or that the entry is refused. A secret file is passed by its path
// (buildx reads it), where the toolkit copies it: the same secret in the build.
describe('secret entries, as the Actions toolkit reads them (its own test cases)', () => {
  test.each([
    ['A_SECRET=abcdef0123456789', 'A_SECRET', 'abcdef0123456789'],
    ['GIT_AUTH_TOKEN=abcdefghijklmno=0123456789', 'GIT_AUTH_TOKEN', 'abcdefghijklmno=0123456789'],
    ['MY_KEY=c3RyaW5nLXdpdGgtZXF1YWxzCg==', 'MY_KEY', 'c3RyaW5nLXdpdGgtZXF1YWxzCg==']
  ])('secrets %j', (entry, id, value) => expect(parse({ secrets: entry }).secrets).toEqual([{ id, value }]))
  test.each(['aaaaaaaa', 'aaaaaaaa=', '=bbbbbbb'])('secrets %j is refused', entry =>
    expect(() => parse({ secrets: entry })).toThrow("input 'secrets'")
  )
  test('secret-files: a file that exists is the secret; one that does not is refused', () => {
    const read = (m: Record<string, string>) =>
      parseBuildInputs(new Inputs(n => m[n] ?? ''), {}, p => p === '/fixtures/secret.txt')
    expect(read({ 'secret-files': 'foo=/fixtures/secret.txt' }).secretFiles).toEqual([
      { id: 'foo', path: '/fixtures/secret.txt' }
    ])
    expect(() => read({ 'secret-files': 'notfound=secret' })).toThrow(
      "input 'secret-files': got 'notfound=secret'"
    )
  })
  test.each([
    ['FOO=bar', { id: 'FOO', env: 'bar' }],
    ['FOO=bar=baz', { id: 'FOO', env: 'bar=baz' }]
  ])('secret-envs %j', (entry, expected) =>
    expect(parse({ 'secret-envs': entry }).secretEnvs).toEqual([expected])
  )
  test.each(['FOO=', '=bar'])('secret-envs %j is refused', entry =>
    expect(() => parse({ 'secret-envs': entry })).toThrow("input 'secret-envs'")
  )
})
