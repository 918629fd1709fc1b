import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  restoreLocalCache as restoreOrNone,
  type LocalCacheOptions
} from '../../../build/cache/local-cache.js'
import { contentKey, keyPrefix, scopeDir } from '../../../build/cache/local-cache-plan.js'
import type { ActionsCache as CacheApi } from '../../../build/model.js'

// A stand-in for @actions/cache keeping directories in memory: restore writes the saved files back.
function fakeApi(
  o: { available?: boolean; failRestore?: boolean; failSave?: boolean; saveId?: number } = {}
) {
  const saved = new Map<string, Record<string, string>>()
  const calls: string[] = []
  const api: CacheApi = {
    isFeatureAvailable: () => o.available ?? true,
    async restoreCache(paths, primaryKey, restoreKeys = []) {
      calls.push(`restore ${primaryKey} [${restoreKeys.join(' ')}]`)
      if (o.failRestore) throw new Error('503 Service Unavailable')
      const key = [...saved.keys()].reverse().find(k => restoreKeys.some(p => k.startsWith(p)))
      if (!key) return undefined
      mkdirSync(paths[0], { recursive: true })
      for (const [f, c] of Object.entries(saved.get(key)!)) writeFileSync(join(paths[0], f), c)
      return key
    },
    async saveCache(paths, key) {
      calls.push(`save ${key}`)
      if (o.failSave) throw new Error('413 Payload Too Large')
      if (o.saveId !== undefined) return o.saveId
      const files: Record<string, string> = {}
      for (const f of ['index.json', 'blob'])
        if (existsSync(join(paths[0], f))) files[f] = readFileSync(join(paths[0], f), 'utf8')
      saved.set(key, files)
      return saved.size
    }
  }
  return { api, saved, calls }
}

const logs: string[] = []
const options = (api: CacheApi, o: Partial<LocalCacheOptions> = {}): LocalCacheOptions => ({
  scope: 'acme/app-linux-amd64',
  tempDir: mkdtempSync(join(tmpdir(), 'local-cache-')),
  write: true,
  api,
  log: { info: m => logs.push(`info: ${m}`), warning: m => logs.push(`warning: ${m}`) },
  ...o
})
// What BuildKit's local exporter leaves in the dest directory.
const exportTo = (dir: string, index: string) => {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'index.json'), index)
  writeFileSync(join(dir, 'blob'), `blob of ${index}`)
}
beforeEach(() => (logs.length = 0))

/** The local cache of a scope whose directory does not exist yet (the usual case). */
const restoreLocalCache = async (o: LocalCacheOptions) => {
  const c = await restoreOrNone(o)
  if (!c) throw new Error('no local cache')
  return c
}

test('keys: a prefix per scope, the content hash of index.json after it', () => {
  expect(keyPrefix('acme/app-linux-amd64')).toBe('buildx-local-acme/app-linux-amd64-')
  expect(keyPrefix('a b:c')).toBe('buildx-local-a-b-c-')
  expect(contentKey('s', '{"a":1}')).toMatch(/^buildx-local-s-[0-9a-f]{16}$/)
  expect(contentKey('s', '{"a":1}')).toBe(contentKey('s', Buffer.from('{"a":1}')))
  expect(contentKey('s', '{"a":2}')).not.toBe(contentKey('s', '{"a":1}'))
})

test('cold: nothing to read, the export is saved under its content key', async () => {
  const f = fakeApi()
  const o = options(f.api)
  const c = await restoreLocalCache(o)
  expect(c.src).toBeUndefined()
  expect(c.dest).toBe(join(o.tempDir, 'buildx-cache', 'acme_app-linux-amd64', 'cache'))
  expect(existsSync(c.dest)).toBe(false)
  exportTo(c.dest, 'index-1')
  const key = await c.save()
  expect(key).toBe(contentKey(o.scope, 'index-1'))
  expect(f.calls).toEqual([
    'restore buildx-local-acme/app-linux-amd64- [buildx-local-acme/app-linux-amd64-]',
    `save ${key}`
  ])
  expect(logs).toContain('info: cache: local: no cache for buildx-local-acme/app-linux-amd64-*')
})

test('warm: the restored cache is read from a directory of its own, the export goes to a fresh one', async () => {
  const f = fakeApi()
  const o = options(f.api)
  const first = await restoreLocalCache(o)
  exportTo(first.dest, 'index-1')
  const firstKey = await first.save()

  const second = await restoreLocalCache(o)
  expect(second.restoredKey).toBe(firstKey)
  expect(second.src).toBe(join(o.tempDir, 'buildx-cache', 'acme_app-linux-amd64', 'previous'))
  expect(readFileSync(join(second.src!, 'index.json'), 'utf8')).toBe('index-1')
  expect(existsSync(second.dest)).toBe(false) // never appended to
  exportTo(second.dest, 'index-2')
  const secondKey = await second.save()
  expect(secondKey).not.toBe(firstKey)
  expect(f.saved.get(secondKey!)).toEqual({ 'index.json': 'index-2', blob: 'blob of index-2' })
  expect(existsSync(second.src!)).toBe(false) // the old directory is gone after the save
  expect(existsSync(join(o.tempDir, 'buildx-cache', 'acme_app-linux-amd64'))).toBe(false) // and the new one
})

test('unchanged content is not saved again', async () => {
  const f = fakeApi()
  const o = options(f.api)
  const first = await restoreLocalCache(o)
  exportTo(first.dest, 'same')
  await first.save()
  const second = await restoreLocalCache(o)
  exportTo(second.dest, 'same')
  expect(await second.save()).toBe(second.restoredKey)
  expect(f.calls.filter(c => c.startsWith('save'))).toHaveLength(1)
  expect(logs.at(-1)).toMatch(/^info: cache: local: unchanged \(buildx-local-/)
})

test('a read-only build saves nothing', async () => {
  const f = fakeApi()
  const c = await restoreLocalCache(options(f.api, { write: false }))
  exportTo(c.dest, 'x')
  expect(await c.save()).toBeUndefined()
  expect(f.calls.filter(c => c.startsWith('save'))).toEqual([])
})

test('a restore failure is a warning and a cold build', async () => {
  const c = await restoreLocalCache(options(fakeApi({ failRestore: true }).api))
  expect(c.src).toBeUndefined()
  expect(logs).toContain(
    'warning: cache: local: restoring the cache failed (503 Service Unavailable); building with a cold cache'
  )
})

test('a save failure is a warning', async () => {
  const c = await restoreLocalCache(options(fakeApi({ failSave: true }).api))
  exportTo(c.dest, 'x')
  expect(await c.save()).toBeUndefined()
  expect(logs.at(-1)).toBe(
    'warning: cache: local: saving the cache failed (413 Payload Too Large); the image is not affected'
  )
})

test('a save that @actions/cache declined (-1) is reported, not failed', async () => {
  const c = await restoreLocalCache(options(fakeApi({ saveId: -1 }).api))
  exportTo(c.dest, 'x')
  expect(await c.save()).toBeUndefined()
  expect(logs.at(-1)).toMatch(/^info: cache: local: buildx-local-\S+ not saved \(see above\)$/)
})

test('no cache service: a warning, the build still exports locally', async () => {
  const f = fakeApi({ available: false })
  const c = await restoreLocalCache(options(f.api))
  exportTo(c.dest, 'x')
  expect(await c.save()).toBeUndefined()
  expect(f.calls).toEqual([])
  expect(logs).toContain(
    'warning: cache: local: the Actions cache service is not available to this step; building with a cold cache'
  )
})

test('a build that exported nothing: a warning, nothing saved', async () => {
  const c = await restoreLocalCache(options(fakeApi().api))
  expect(await c.save()).toBeUndefined()
  expect(logs.at(-1)).toBe(
    'warning: cache: local: the build exported no cache (no index.json); nothing saved'
  )
})

test('a restored entry without index.json is ignored', async () => {
  const f = fakeApi()
  f.saved.set('buildx-local-acme/app-linux-amd64-0000', { blob: 'x' })
  const c = await restoreLocalCache(options(f.api))
  expect(c.src).toBeUndefined()
  expect(c.restoredKey).toBeUndefined()
  expect(logs).toContain(
    'warning: cache: local: buildx-local-acme/app-linux-amd64-0000 holds no BuildKit cache (no index.json); ignored'
  )
})

describe('the scope directory never leaves RUNNER_TEMP/buildx-cache', () => {
  const temp = '/runner/temp'
  test.each(['..', '.', '../x', 'a/../..', '/etc', '/', 'a/b', '....'])('scope %j', scope => {
    let dir: string | undefined
    try {
      dir = scopeDir(temp, scope)
    } catch (e) {
      expect((e as Error).message).toMatch(/^cache: local: the scope '.*' is not a directory name/)
      return
    }
    expect(dir.startsWith('/runner/temp/buildx-cache/')).toBe(true)
    expect(dir.slice('/runner/temp/buildx-cache/'.length)).not.toMatch(/\/|^\.+$/)
  })

  test("an earlier step's directory is neither used nor removed: no local cache, a warning", async () => {
    const o = options(fakeApi().api)
    const left = join(o.tempDir, 'buildx-cache', 'acme_app-linux-amd64', 'cache')
    exportTo(left, 'earlier')
    expect(await restoreOrNone(o)).toBeUndefined()
    expect(readFileSync(join(left, 'index.json'), 'utf8')).toBe('earlier')
    expect(logs.at(-1)).toMatch(/^warning: cache: local: \S+ exists \(left by an earlier step of this job\)/)
  })

  test('RUNNER_TEMP itself and what else it holds survive a scope of ..', async () => {
    const o = options(fakeApi().api, { scope: '..' })
    writeFileSync(join(o.tempDir, 'other-action-file'), 'x')
    await expect(restoreOrNone(o)).rejects.toThrow("cache: local: the scope '..' is not a directory name")
    expect(readFileSync(join(o.tempDir, 'other-action-file'), 'utf8')).toBe('x')
  })

  test('a failed build removes the directory the step created, nothing else', async () => {
    const o = options(fakeApi().api)
    writeFileSync(join(o.tempDir, 'other-action-file'), 'x')
    const c = await restoreLocalCache(o)
    exportTo(c.dest, 'half')
    c.dispose()
    expect(existsSync(join(o.tempDir, 'buildx-cache', 'acme_app-linux-amd64'))).toBe(false)
    expect(existsSync(join(o.tempDir, 'buildx-cache'))).toBe(true)
    expect(existsSync(join(o.tempDir, 'other-action-file'))).toBe(true)
  })
})
