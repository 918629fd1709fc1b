import {
  ghaScope,
  planCache,
  registryCacheRef,
  type CachePlanOptions
} from '../../../build/cache/cache-plan.js'
import { formatCacheEntry, parseCacheEntry } from '../../../build/cache/entries.js'
import { ECR } from '../../helpers/refs.js'
import type { CacheEntry } from '../../../build/model.js'

const PUSH = { name: 'push', ref: 'refs/heads/main' }
const PR = { name: 'pull_request', prNumber: 42, baseRef: 'main', ref: 'refs/pull/42/merge' }

const opts = (o: Partial<CachePlanOptions>): CachePlanOptions => ({
  mode: 'none',
  tags: ['ghcr.io/acme/app:1.2'],
  userFrom: [],
  userTo: [],
  write: true,
  event: PUSH,
  ...o
})
// Plans compared as the strings buildx receives.
const plan = (o: Partial<CachePlanOptions>) => {
  const p = planCache(opts(o))
  return {
    from: p.from.map(formatCacheEntry),
    to: p.to.map(formatCacheEntry),
    buildArgs: p.buildArgs,
    notes: p.notes
  }
}
const from = (raw: string) => parseCacheEntry(raw, 'cache-from')
const to = (raw: string) => parseCacheEntry(raw, 'cache-to')

describe('none', () => {
  test('no cache unless the user lists some', () => {
    expect(plan({})).toEqual({ from: [], to: [], buildArgs: {}, notes: [] })
  })
  test("the user's lists pass, cache-to gets ignore-error=true", () => {
    expect(plan({ userFrom: [from('type=gha')], userTo: [to('type=gha,mode=max')] })).toMatchObject({
      from: ['type=gha'],
      to: ['type=gha,mode=max,ignore-error=true']
    })
  })
})

describe('inline', () => {
  test('reads the first tag, writes inline with BUILDKIT_INLINE_CACHE', () => {
    expect(plan({ mode: 'inline', tags: ['ghcr.io/acme/app:1.2', 'ghcr.io/acme/app:latest'] })).toEqual({
      from: ['type=registry,ref=ghcr.io/acme/app:1.2'],
      to: ['type=inline'],
      buildArgs: { BUILDKIT_INLINE_CACHE: '1' },
      notes: ['cache: inline, read from ghcr.io/acme/app:1.2']
    })
  })
  test('cache-ref names the image to read from', () => {
    expect(plan({ mode: 'inline', cacheRef: 'ghcr.io/acme/app:latest' }).from).toEqual([
      'type=registry,ref=ghcr.io/acme/app:latest'
    ])
  })
  test('cache-write false: reads, exports nothing, no build arg', () => {
    expect(plan({ mode: 'inline', write: false })).toMatchObject({ to: [], buildArgs: {} })
  })
})

describe('registry modes', () => {
  test.each([
    ['max', 'max'],
    ['registry', 'max'],
    ['min', 'min']
  ] as const)('%s → mode=%s', (mode, m) => {
    expect(plan({ mode })).toMatchObject({
      from: ['type=registry,ref=ghcr.io/acme/app:buildcache'],
      to: [`type=registry,ref=ghcr.io/acme/app:buildcache,mode=${m},ignore-error=true`],
      buildArgs: {}
    })
  })
  test.each([
    ['localhost:5000/app:1.2', 'localhost:5000/app:buildcache'],
    ['localhost:5000/app', 'localhost:5000/app:buildcache'],
    ['ghcr.io/acme/app@sha256:' + 'a'.repeat(64), 'ghcr.io/acme/app:buildcache'],
    ['ghcr.io/acme/app:1.2@sha256:' + 'a'.repeat(64), 'ghcr.io/acme/app:buildcache'],
    ['acme/app', 'acme/app:buildcache'],
    ['app:3', 'app:buildcache']
  ])('first tag %s → %s', (tag, ref) => {
    expect(plan({ mode: 'max', tags: [tag] }).from).toEqual([`type=registry,ref=${ref}`])
  })
  test('one matrix leg: the platform slug keeps legs apart', () => {
    expect(plan({ mode: 'max', platformSlug: 'linux-arm64-v8' }).to).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-arm64-v8,mode=max,ignore-error=true'
    ])
  })
  test('a target is part of the derived tag', () => {
    expect(plan({ mode: 'max', platformSlug: 'linux-amd64', target: 'test' }).from).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-amd64-test'
    ])
    expect(plan({ mode: 'max', target: 'build env' }).from).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-build-env'
    ])
  })
  test('cache-ref with a tag is used as given, plus the leg slug only', () => {
    expect(plan({ mode: 'max', cacheRef: 'ghcr.io/acme/cache:app' }).from).toEqual([
      'type=registry,ref=ghcr.io/acme/cache:app'
    ])
    expect(
      plan({ mode: 'max', cacheRef: 'ghcr.io/acme/cache:app', platformSlug: 'linux-s390x', target: 't' }).from
    ).toEqual(['type=registry,ref=ghcr.io/acme/cache:app-linux-s390x'])
  })
  test('cache-ref without a tag gets the derived tag', () => {
    expect(
      plan({
        mode: 'min',
        cacheRef: 'localhost:5000/cache',
        tags: [],
        platformSlug: 'linux-386',
        target: 't'
      }).to
    ).toEqual(['type=registry,ref=localhost:5000/cache:buildcache-linux-386-t,mode=min,ignore-error=true'])
  })
  test('an ECR cache is exported as an OCI image manifest', () => {
    expect(plan({ mode: 'max', tags: [`${ECR}/app:1`] }).to).toEqual([
      `type=registry,ref=${ECR}/app:buildcache,mode=max,oci-mediatypes=true,image-manifest=true,ignore-error=true`
    ])
  })
})

describe('pull requests', () => {
  test('registry: read the PR cache and the base cache, write only the PR cache', () => {
    const p = plan({ mode: 'max', event: PR, platformSlug: 'linux-amd64' })
    expect(p.from).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-amd64-pr-42',
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-amd64'
    ])
    expect(p.to).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-linux-amd64-pr-42,mode=max,ignore-error=true'
    ])
    expect(p.notes[0]).toMatch(
      /pull request #42 reads .*-pr-42 and .*buildcache-linux-amd64 \(the main branch's cache\)/
    )
  })
  test('registry, pull_request_target: same', () => {
    expect(plan({ mode: 'min', event: { ...PR, name: 'pull_request_target' } }).to).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache-pr-42,mode=min,ignore-error=true'
    ])
  })
  test('a pull_request event without a number is treated like any other event', () => {
    expect(plan({ mode: 'max', event: { name: 'pull_request' } }).to).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache,mode=max,ignore-error=true'
    ])
  })
  test.each(['push', 'schedule', 'workflow_dispatch', 'merge_group'])('%s writes the plain ref', name => {
    expect(plan({ mode: 'max', event: { name, prNumber: 7 } }).to).toEqual([
      'type=registry,ref=ghcr.io/acme/app:buildcache,mode=max,ignore-error=true'
    ])
  })
  test('gha, pull_request: one scope; GitHub scopes the PR run to its own ref and lets it read the base', () => {
    expect(plan({ mode: 'gha', event: PR })).toMatchObject({
      from: ['type=gha,scope=acme/app'],
      to: ['type=gha,scope=acme/app,mode=max,ignore-error=true']
    })
  })
  test('gha, pull_request_target: runs as the base branch, so the PR writes its own scope', () => {
    expect(
      plan({ mode: 'gha', event: { ...PR, name: 'pull_request_target' }, platformSlug: 'linux-amd64' })
    ).toMatchObject({
      from: ['type=gha,scope=acme/app-linux-amd64-pr-42', 'type=gha,scope=acme/app-linux-amd64'],
      to: ['type=gha,scope=acme/app-linux-amd64-pr-42,mode=max,ignore-error=true']
    })
  })
})

describe('gha', () => {
  test('scope from the image and the leg', () => {
    expect(plan({ mode: 'gha', platformSlug: 'linux-arm64-v8' })).toMatchObject({
      from: ['type=gha,scope=acme/app-linux-arm64-v8'],
      to: ['type=gha,scope=acme/app-linux-arm64-v8,mode=max,ignore-error=true'],
      notes: ['cache: gha scope acme/app-linux-arm64-v8']
    })
  })
  test('matrix legs never share a scope', () => {
    const a = plan({ mode: 'gha', platformSlug: 'linux-amd64' }).to
    const b = plan({ mode: 'gha', platformSlug: 'linux-arm64-v8' }).to
    expect(a).not.toEqual(b)
  })
  test('target is part of the scope', () => {
    expect(plan({ mode: 'gha', target: 'test' }).from).toEqual(['type=gha,scope=acme/app-test'])
  })
  test('cache-scope overrides, plus the leg slug', () => {
    expect(plan({ mode: 'gha', cacheScope: 'mine', target: 't' }).from).toEqual(['type=gha,scope=mine'])
    expect(plan({ mode: 'gha', cacheScope: 'mine', platformSlug: 'linux-amd64' }).from).toEqual([
      'type=gha,scope=mine-linux-amd64'
    ])
  })
  test("no tags: BuildKit's default scope name", () => {
    expect(plan({ mode: 'gha', tags: [] }).from).toEqual(['type=gha,scope=buildkit'])
  })
  test('never puts url or token on the command line', () => {
    const p = planCache(opts({ mode: 'gha', ghaService: 'v2' }))
    for (const e of [...p.from, ...p.to])
      expect(Object.keys(e.attrs)).not.toEqual(expect.arrayContaining(['token']))
    expect(JSON.stringify(p)).not.toMatch(/url|token/)
  })
  test('the service version is noted', () => {
    expect(plan({ mode: 'gha', ghaService: 'v2' }).notes).toContain(
      'cache: GitHub cache service v2 (needs buildx >= 0.21, BuildKit >= 0.20)'
    )
    expect(plan({ mode: 'gha', ghaService: 'v1' }).notes).toContain('cache: GitHub cache service v1 (legacy)')
  })
})

describe('local', () => {
  test('reads the restored directory, writes a fresh one with mode=max', () => {
    expect(plan({ mode: 'local', localDir: { src: '/tmp/c-old', dest: '/tmp/c-new' } })).toMatchObject({
      from: ['type=local,src=/tmp/c-old'],
      to: ['type=local,dest=/tmp/c-new,mode=max,ignore-error=true']
    })
  })
  test('nothing restored: nothing to read', () => {
    expect(plan({ mode: 'local', localDir: { dest: '/tmp/c-new' } }).from).toEqual([])
  })
  test('never the same directory', () => {
    expect(() => planCache(opts({ mode: 'local', localDir: { src: '/c', dest: '/c' } }))).toThrow(
      /must differ/
    )
  })
  test('the caller must pass the directories', () => {
    expect(() => planCache(opts({ mode: 'local' }))).toThrow(/needs localDir/)
  })
})

describe("merging the user's lists", () => {
  test("mode entries first, then the user's, duplicates dropped", () => {
    expect(
      plan({ mode: 'max', userFrom: [from('ghcr.io/acme/app:buildcache'), from('type=gha')] }).from
    ).toEqual(['type=registry,ref=ghcr.io/acme/app:buildcache', 'type=gha'])
  })
  test("the user's cache-to for the same location replaces the mode's", () => {
    expect(
      plan({ mode: 'max', userTo: [to('type=registry,ref=ghcr.io/acme/app:buildcache,mode=min')] }).to
    ).toEqual(['type=registry,ref=ghcr.io/acme/app:buildcache,mode=min,ignore-error=true'])
  })
  test('other locations are added', () => {
    expect(plan({ mode: 'gha', userTo: [to('ghcr.io/acme/app:cache')] }).to).toEqual([
      'type=gha,scope=acme/app,mode=max,ignore-error=true',
      'type=registry,ref=ghcr.io/acme/app:cache,mode=max,ignore-error=true'
    ])
  })
  test('an explicit ignore-error is respected', () => {
    expect(plan({ userTo: [to('type=gha,ignore-error=false')] }).to).toEqual(['type=gha,ignore-error=false'])
  })
  test("the user's ECR entry gets the attributes it lacks, keeps those it set", () => {
    expect(plan({ userTo: [to(`type=registry,ref=${ECR}/c:1,image-manifest=false`)] }).to).toEqual([
      `type=registry,ref=${ECR}/c:1,image-manifest=false,oci-mediatypes=true,ignore-error=true`
    ])
  })
  test('a user inline entry gets no ignore-error (inline takes no parameters)', () => {
    expect(plan({ userTo: [to('type=inline')] }).to).toEqual(['type=inline'])
  })
  test('entries passed in are not modified', () => {
    const userTo: CacheEntry[] = [to('type=gha')]
    planCache(opts({ userTo }))
    expect(userTo[0].attrs).toEqual({})
  })
})

describe('cache-write false', () => {
  test.each(['max', 'gha', 'none'] as const)('%s: reads, exports nothing, says so', mode => {
    const p = plan({
      mode,
      write: false,
      userFrom: [from('type=gha,scope=x')],
      userTo: [to('type=gha,scope=x')]
    })
    expect(p.to).toEqual([])
    expect(p.from).toContain('type=gha,scope=x')
    expect(p.notes.at(-1)).toMatch(/^cache-write is false: not exporting .*type=gha,scope=x/)
  })
  test('local: reads the restored directory only', () => {
    expect(plan({ mode: 'local', write: false, localDir: { src: '/a', dest: '/b' } })).toMatchObject({
      from: ['type=local,src=/a'],
      to: []
    })
  })
})

describe('helpers', () => {
  test('ghaScope', () => {
    expect(ghaScope({ tags: ['localhost:5000/team/app:1'], platformSlug: 'linux-arm-v7' })).toBe(
      'team/app-linux-arm-v7'
    )
    expect(ghaScope({ tags: ['app:1'] })).toBe('app')
  })
  test('registryCacheRef', () => {
    expect(registryCacheRef({ mode: 'max', tags: ['a/b:1'], platformSlug: 'windows-amd64' })).toBe(
      'a/b:buildcache-windows-amd64'
    )
  })
})
