// The executor up to the first command: what the restore does with the archives the Actions cache
// hands back, without Docker (a refused archive never reaches the inject build).
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { pack } from 'tar-stream'
import { restoreMounts } from '../../../build/cache-mounts/mounts.js'
import { parseCacheMounts } from '../../../build/cache-mounts/input.js'
import type { ActionsCache } from '../../../build/model.js'

const root = mkdtempSync(join(tmpdir(), 'mounts-exec-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** @actions/cache's stand-in: restore writes a tar with the given entry names to the path asked for. */
function api(names: string[] | undefined, available = true): ActionsCache & { saved: string[] } {
  const saved: string[] = []
  return {
    saved,
    isFeatureAvailable: () => available,
    restoreCache: async (paths, key) => {
      if (!names) return undefined
      const p = pack()
      for (const n of names)
        if (n.includes(' -> '))
          p.entry({ name: n.split(' -> ')[0], type: 'symlink', linkname: n.split(' -> ')[1] })
        else p.entry({ name: n }, 'x')
      p.finalize()
      await pipeline(p, createWriteStream(paths[0]))
      return `${key}0123456789abcdef`
    },
    saveCache: async (_paths, key) => {
      saved.push(key)
      return 1
    }
  }
}

function options(cache: ActionsCache, readOnly?: string) {
  const tempDir = mkdtempSync(join(root, 'temp-'))
  const lines: string[] = []
  const warnings: string[] = []
  return {
    o: {
      plan: { mounts: parseCacheMounts(['/root/.cache/x']), scope: 's-linux-amd64', readOnly, warnings: [] },
      image: 'busybox',
      builder: 'nonexistent',
      tempDir,
      work: mkdtempSync(join(root, 'work-')),
      api: cache,
      log: { info: (m: string) => lines.push(m), warning: (m: string) => warnings.push(m) }
    },
    lines,
    warnings,
    tempDir
  }
}

test.each([
  [['./../../etc/cron.d/x'], 'has a .. component'],
  [['/etc/cron.d/x'], 'is an absolute path'],
  [['./out -> /etc'], 'is a symlink to the absolute path "/etc"'],
  [['./up -> ../..'], 'which points out of the mount']
])('a restored archive with %j is refused before anything is injected', async (names, problem) => {
  const { o, warnings, tempDir } = options(api(names))
  const s = await restoreMounts(o)
  expect(warnings).toEqual([
    expect.stringMatching(
      new RegExp(
        `^cache-mounts: /root/\\.cache/x: buildx-mount-\\S+ refused: .*${problem.replace(/[()]/g, '\\$&')}.*; starts empty$`
      )
    )
  ])
  expect(s!.report.mounts[0].restored).toBeUndefined()
  expect(s!.report.ms.inject).toBeUndefined() // no inject build ran
  expect(existsSync(join(o.work, 'mounts-inject'))).toBe(false)
  s!.dispose()
  expect(existsSync(join(tempDir, 'buildx-mounts'))).toBe(false)
})

test('nothing saved yet: the mount starts empty, no build runs; a read-only run saves nothing', async () => {
  const cache = api(undefined)
  const { o, lines, warnings } = options(cache, 'cache-write is false')
  const s = await restoreMounts(o)
  expect(warnings).toEqual([])
  expect(lines[0]).toMatch(
    /^cache-mounts: \/root\/\.cache\/x: no archive yet \(buildx-mount-s-linux-amd64-root-.cache-x-[0-9a-f]{8}-\*\); starts empty$/
  )
  await s!.save()
  expect(lines.at(-1)).toBe('cache-mounts: not saved: cache-write is false')
  expect(cache.saved).toEqual([])
})

test('no Actions cache service: a warning, and no session', async () => {
  const { o, warnings } = options(api(undefined, false))
  expect(await restoreMounts(o)).toBeUndefined()
  expect(warnings).toEqual([
    'cache-mounts: the Actions cache service is not available to this step; the mounts start empty and are not saved'
  ])
})

test('a failing extract build is a warning, never an error, and nothing is saved', async () => {
  const cache = api(undefined)
  const { o, warnings } = options(cache)
  const s = await restoreMounts(o)
  await s!.save() // the builder "nonexistent" does not exist: buildx fails
  expect(warnings).toEqual([
    // buildx refuses the builder (or, without docker, the command is not found)
    expect.stringMatching(
      /^cache-mounts: (the extract build on the builder failed \(.*\); nothing is saved|saving the mounts failed)/
    )
  ])
  expect(cache.saved).toEqual([])
})
