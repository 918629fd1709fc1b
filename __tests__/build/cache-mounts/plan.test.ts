import {
  dockerfileCacheMounts,
  keyPrefixOf,
  matchDockerfile,
  nativeSlug,
  planMounts
} from '../../../build/cache-mounts/plan.js'
import { cleanTarget, parseCacheMounts } from '../../../build/cache-mounts/input.js'
import { parseDockerfile } from '../../../build/frontend/dockerfile.js'
import { parse } from '../../helpers/build.js'

const ACCEPTED =
  "accepted: one mount per line: its absolute target path as the Dockerfile's RUN --mount=type=cache,target= gives it, or id=<the mount's id>"

describe('parseCacheMounts', () => {
  test('targets become ids as BuildKit cleans them; id= lines keep their id', () => {
    expect(parseCacheMounts(['/root/.cache/go-build/', '/var//cache/./apt', 'id=gomod'])).toEqual([
      { name: '/root/.cache/go-build/', id: '/root/.cache/go-build', options: {} },
      { name: '/var//cache/./apt', id: '/var/cache/apt', options: {} },
      { name: 'id=gomod', id: 'gomod', options: {} }
    ])
  })

  test.each([
    ['root/.cache', `input 'cache-mounts': got 'root/.cache'; ${ACCEPTED} (a relative path is not a target)`],
    ['id=', `input 'cache-mounts': got 'id='; ${ACCEPTED} (an id without spaces, commas, quotes, $ or =)`],
    ['id=a,b', '(an id without spaces, commas, quotes, $ or =)'],
    ['/root/$HOME', '(a path without spaces, commas, quotes, $ or =)'],
    ['/a"b', '(a path without spaces, commas, quotes, $ or =)'],
    ['/', '(/ cannot be a mount target)'],
    ['/./', '(/ cannot be a mount target)']
  ])('%j is refused in one line', (line, message) => {
    expect(() => parseCacheMounts([line])).toThrow(message)
  })

  test('duplicates, by the mount they name, are refused', () => {
    expect(() => parseCacheMounts(['/root/.npm', '/root/.npm/'])).toThrow(
      `input 'cache-mounts': got '/root/.npm/'; ${ACCEPTED}, each mount once (/root/.npm names the same mount)`
    )
  })

  test('cleanTarget is path.Clean', () => {
    expect(['/a/b/', '/a//b', '/a/./b', '/a/c/../b', '/'].map(cleanTarget)).toEqual([
      '/a/b',
      '/a/b',
      '/a/b',
      '/a/b',
      '/'
    ])
  })
})

describe('the action inputs', () => {
  test('parsed from the cache-mounts input, lines only', () => {
    const i = parse({
      'cache-mounts': '/root/.cache/go-build\nid=gomod',
      'cache-mounts-image': 'busybox:1.37'
    })
    expect(i.cacheMounts.map(m => m.id)).toEqual(['/root/.cache/go-build', 'gomod'])
  })

  test('not with the classic engine, nor a merge', () => {
    expect(() => parse({ 'cache-mounts': '/x', 'cache-mounts-image': 'busybox', engine: 'classic' })).toThrow(
      "input 'cache-mounts': got '/x'; accepted: nothing with engine: classic (the classic builder has no cache mounts)"
    )
    expect(() =>
      parse({ 'cache-mounts': '/x', 'cache-mounts-image': 'busybox', merge: 'amd64', tags: 'a/b:1' })
    ).toThrow("input 'cache-mounts': got '/x'; accepted: nothing with merge")
  })

  test('the helper image is an image reference', () => {
    expect(() => parse({ 'cache-mounts': '/x', 'cache-mounts-image': 'Busy Box' })).toThrow(
      "input 'cache-mounts-image': got 'Busy Box'"
    )
  })

  test('cache-scope names the mounts scope without a gha or local cache', () => {
    expect(
      parse({ 'cache-mounts': '/x', 'cache-mounts-image': 'busybox', 'cache-scope': 'app' }).cacheScope
    ).toBe('app')
    expect(() => parse({ 'cache-scope': 'app' })).toThrow('with cache: gha | local or cache-mounts')
  })
})

const DOCKERFILE = `FROM golang AS build
RUN --mount=type=cache,target=/root/.cache/go-build \\
    --mount=type=cache,id=gomod,target=/go/pkg/mod,uid=1000,gid=1000,mode=0755 go build ./...
RUN --mount=type=bind,target=/src --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
RUN --mount=type=cache,target=/root/.npm,from=deps npm ci
RUN --mount=type=cache,id=$CACHE_ID,target=/v true
ONBUILD RUN --mount=type=cache,target=/onbuild true
`

describe('the Dockerfile', () => {
  const found = dockerfileCacheMounts(parseDockerfile(DOCKERFILE).instructions)

  test('its cache mounts, with their lines and fields', () => {
    expect(found.map(f => [f.line, f.fields.id ?? f.fields.target])).toEqual([
      [2, '/root/.cache/go-build'],
      [2, 'gomod'],
      [4, '/var/cache/apt'],
      [5, '/root/.npm'],
      [6, '$CACHE_ID'],
      [7, '/onbuild']
    ])
  })

  test('a match takes over uid, gid and mode (they make the mount BuildKit keys)', () => {
    const r = matchDockerfile(
      parseCacheMounts(['/root/.cache/go-build/', 'id=gomod', '/var/cache/apt']),
      found,
      'Dockerfile'
    )
    expect(r.warnings).toEqual([])
    expect(r.mounts.map(m => m.options)).toEqual([{}, { uid: '1000', gid: '1000', mode: '0755' }, {}])
  })

  test('a mount the Dockerfile does not have, or names by id, or makes from a stage: a warning each', () => {
    const r = matchDockerfile(
      parseCacheMounts(['/go/pkg/mod', '/nowhere', 'id=other', '/root/.npm']),
      found,
      'Dockerfile'
    )
    expect(r.warnings).toEqual([
      'cache-mounts: /go/pkg/mod: the cache mount at Dockerfile:2 has id=gomod; write id=gomod',
      'cache-mounts: /nowhere: Dockerfile has no RUN --mount=type=cache with this target and no id (the mount at line 6 is named by a variable and cannot be checked); it is restored and saved all the same',
      'cache-mounts: id=other: Dockerfile has no RUN --mount=type=cache with this id (the mount at line 6 is named by a variable and cannot be checked); it is restored and saved all the same',
      "cache-mounts: /root/.npm: the cache mount at Dockerfile:5 is made from=deps; BuildKit keys it by that stage's result, so the restored contents may not reach it"
    ])
  })

  test('a uid that is not a number is left out, with a warning', () => {
    const f = dockerfileCacheMounts(
      parseDockerfile('RUN --mount=type=cache,target=/c,uid=$UID true\n').instructions
    )
    const r = matchDockerfile(parseCacheMounts(['/c']), f, 'Dockerfile')
    expect(r.mounts[0].options).toEqual({})
    expect(r.warnings).toEqual([
      'cache-mounts: /c: uid=$UID at Dockerfile:1 is not a number; the mount is restored without it'
    ])
  })
})

describe('planMounts', () => {
  const base = {
    mounts: parseCacheMounts(['/root/.cache/go-build']),
    tags: ['ghcr.io/acme/app:1'],
    cacheScope: '',
    target: '',
    nativeSlug: 'linux-amd64',
    write: true,
    event: { name: 'push' }
  }

  test('the scope always has a platform: the build’s one, else the runner’s', () => {
    expect(planMounts(base).scope).toBe('acme/app-linux-amd64')
    expect(planMounts({ ...base, platformSlug: 'linux-arm64-v8', target: 'dev' }).scope).toBe(
      'acme/app-linux-arm64-v8-dev'
    )
    expect(planMounts({ ...base, cacheScope: 'mine', nativeSlug: 'linux-arm64' }).scope).toBe(
      'mine-linux-arm64'
    )
  })

  test('pull requests and cache-write: false read only', () => {
    expect(planMounts(base).readOnly).toBeUndefined()
    expect(planMounts({ ...base, event: { name: 'pull_request', prNumber: 3 } }).readOnly).toBe(
      'a pull_request run reads the mounts and never writes them'
    )
    expect(planMounts({ ...base, event: { name: 'pull_request_target' } }).readOnly).toBe(
      'a pull_request_target run reads the mounts and never writes them'
    )
    expect(planMounts({ ...base, write: false }).readOnly).toBe('cache-write is false')
  })

  test('with the Dockerfile read: matched; without (a remote context): as given', () => {
    const text = 'FROM x\nRUN --mount=type=cache,target=/root/.cache/go-build,uid=1 true\n'
    expect(planMounts({ ...base, dockerfile: { path: 'Dockerfile', text } }).mounts[0].options).toEqual({
      uid: '1'
    })
    expect(planMounts({ ...base, dockerfile: { path: 'Dockerfile' } }).mounts[0].options).toEqual({})
  })

  test('keys: per scope and mount, identity included, no commas', () => {
    const [m] = base.mounts
    const p = keyPrefixOf('acme/app-linux-amd64', m)
    expect(p).toMatch(/^buildx-mount-acme\/app-linux-amd64-root-.cache-go-build-[0-9a-f]{8}-$/)
    expect(keyPrefixOf('acme/app-linux-arm64', m)).not.toBe(p)
    expect(keyPrefixOf('acme/app-linux-amd64', { ...m, options: { uid: '1000' } })).not.toBe(p)
    expect(keyPrefixOf('a,b', m)).toMatch(/^buildx-mount-a-b-/)
  })

  test('nativeSlug', () => {
    expect(['x64', 'arm64', 'arm', 'ia32', 's390x'].map(nativeSlug)).toEqual([
      'linux-amd64',
      'linux-arm64',
      'linux-arm',
      'linux-386',
      'linux-s390x'
    ])
  })
})
