// The file door at each path a step writes: a link planted there (by checked-out code, or left on a
// self-hosted runner) is never written through; the step fails, or goes without, and the link's target
// is as it was. Nothing outside lib/files.ts may call fs's writing functions.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ESLint } from 'eslint'
import {
  appendTo,
  makeDirIn,
  makeOwnDir,
  makeTempDir,
  moveInto,
  sharedDir,
  writeExisting
} from '../../lib/files.js'
import { appendSummary, saveState, setOutput } from '../../lib/runtime.js'
import { writeSecrets } from '../../build/engine/buildkit.js'
import { restoreLocalCache } from '../../build/cache/local-cache.js'
import { restoreMounts } from '../../build/cache-mounts/mounts.js'
import { parseCacheMounts } from '../../build/cache-mounts/input.js'
import type { ActionsCache } from '../../build/model.js'

let root: string
let victim: string
let victimDir: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'file-door-'))
  victim = join(root, 'victim')
  writeFileSync(victim, 'precious')
  victimDir = join(root, 'victim-dir')
  mkdirSync(victimDir)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))
const untouched = () => {
  expect(readFileSync(victim, 'utf8')).toBe('precious')
  expect(readdirSync(victimDir)).toEqual([])
}
const link = (target: string, at: string) => (symlinkSync(target, at), at)

describe('the door', () => {
  test('appendTo: appends, makes a missing file, refuses a link (ELOOP)', () => {
    appendTo(join(root, 'out'), 'a')
    appendTo(join(root, 'out'), 'b')
    expect(readFileSync(join(root, 'out'), 'utf8')).toBe('ab')
    expect(() => appendTo(link(victim, join(root, 'l')), 'x')).toThrow(/ELOOP/)
    untouched()
  })
  test('writeExisting: writes an existing file; neither a link nor a missing file', () => {
    writeFileSync(join(root, 'register'), '')
    writeExisting(join(root, 'register'), 'x')
    expect(readFileSync(join(root, 'register'), 'utf8')).toBe('x')
    expect(() => writeExisting(link(victim, join(root, 'l')), 'x')).toThrow(/ELOOP/)
    expect(() => writeExisting(join(root, 'missing'), 'x')).toThrow(/ENOENT/)
    untouched()
  })
  test('sharedDir, makeDirIn, moveInto: a link in place of a folder is refused, nothing lands in its target', () => {
    expect(sharedDir(join(root, 'shared'))).toBe(join(root, 'shared'))
    expect(sharedDir(join(root, 'shared'))).toBe(join(root, 'shared')) // a later step of the job
    expect(() => sharedDir(link(victimDir, join(root, 'planted')))).toThrow(/not a folder this step made/)
    const own = makeOwnDir(join(root, 'own'))
    expect(lstatSync(makeDirIn(own, 'sub')).isDirectory()).toBe(true)
    expect(() => makeDirIn(own, 'sub')).toThrow(/EEXIST/)
    link(victimDir, join(own, 'out'))
    expect(() => makeDirIn(own, 'out')).toThrow(/EEXIST/)
    expect(() => makeDirIn(join(root, 'planted'), 'x')).toThrow(/not a folder this step made/)
    expect(() => makeDirIn(own, '../x')).toThrow(/not one plain name/)
    writeFileSync(join(root, 'a'), 'a')
    expect(() => moveInto(join(root, 'a'), join(root, 'planted'), 'a')).toThrow(/not a folder this step made/)
    // A link at the destination is replaced, not written through.
    link(victim, join(own, 'b'))
    moveInto(join(root, 'a'), own, 'b')
    expect([lstatSync(join(own, 'b')).isFile(), readFileSync(join(own, 'b'), 'utf8')]).toEqual([true, 'a'])
    expect(existsSync(makeTempDir(root, 'step-'))).toBe(true)
    untouched()
  })
})

describe('each path a step writes', () => {
  test('secret files: a link at a secret file is refused, its target unchanged', () => {
    const work = makeOwnDir(join(root, 'work'))
    link(victim, join(work, 'secret-0'))
    expect(() => writeSecrets([{ id: 'token', value: 's3cr3t' }], work)).toThrow(/EEXIST/)
    untouched()
    const paths = writeSecrets([{ id: 'token', value: 's3cr3t' }], makeOwnDir(join(root, 'fresh')))
    expect(readFileSync(paths.token, 'utf8')).toBe('s3cr3t')
  })

  test.each([
    ['GITHUB_OUTPUT', () => setOutput('digest', 'x')],
    ['GITHUB_STATE', () => saveState('files-dir', 'x')],
    ['GITHUB_STEP_SUMMARY', () => appendSummary('x')]
  ])('%s as a link: refused, its target unchanged', (name, write) => {
    const saved = process.env[name]
    process.env[name] = link(victim, join(root, name))
    try {
      expect(write).toThrow(/ELOOP/)
    } finally {
      if (saved === undefined) delete process.env[name]
      else process.env[name] = saved
    }
    untouched()
  })

  const cache = (): ActionsCache => ({
    isFeatureAvailable: () => true,
    restoreCache: async () => undefined,
    saveCache: async () => 1
  })
  const log = { info: () => undefined, warning: (m: string) => warnings.push(m) }
  let warnings: string[] = []
  beforeEach(() => (warnings = []))

  test('cache: local: RUNNER_TEMP/buildx-cache as a link fails in one line; its scope folder as a link is passed by', async () => {
    const tempDir = makeOwnDir(join(root, 'temp'))
    link(victimDir, join(tempDir, 'buildx-cache'))
    const o = { scope: 'acme/app', tempDir, write: true, api: cache(), log }
    await expect(restoreLocalCache(o)).rejects.toThrow(/buildx-cache is not a folder this step made/)
    untouched()
    rmSync(join(tempDir, 'buildx-cache'))
    mkdirSync(join(tempDir, 'buildx-cache'))
    link(victimDir, join(tempDir, 'buildx-cache', 'acme_app'))
    expect(await restoreLocalCache(o)).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/exists \(left by an earlier step of this job\)/)])
    untouched()
  })

  test('cache-mounts: the archives folder and the generated builds’ folders as links are never written through', async () => {
    const tempDir = makeOwnDir(join(root, 'temp'))
    const work = makeOwnDir(join(root, 'work'))
    const o = {
      plan: { mounts: parseCacheMounts(['/root/.cache/x']), scope: 's', warnings: [] },
      image: 'busybox',
      builder: 'nonexistent',
      tempDir,
      work,
      api: cache(),
      log
    }
    link(victimDir, join(tempDir, 'buildx-mounts'))
    expect(await restoreMounts(o)).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/exists \(left by an earlier step of this job\)/)])
    rmSync(join(tempDir, 'buildx-mounts'))
    // The extract build's folder (its Dockerfile, context and export) planted as a link.
    link(victimDir, join(work, 'mounts-extract'))
    const s = await restoreMounts(o)
    await s!.save()
    expect(warnings.at(-1)).toMatch(/^cache-mounts: saving the mounts failed \(EEXIST/)
    untouched()
  })
})

test('lint: fs writes are lib/files.ts’s alone', async () => {
  const eslint = new ESLint()
  const code = [
    "import { writeFileSync, appendFileSync, createWriteStream, mkdirSync, renameSync, cpSync } from 'node:fs'",
    "import { openSync } from 'fs'",
    "import { writeFile } from 'node:fs/promises'",
    "import fs from 'node:fs'",
    'void [writeFileSync, appendFileSync, createWriteStream, mkdirSync, renameSync, cpSync, openSync, writeFile, fs]'
  ].join('\n')
  for (const file of ['prune/x.ts', 'setup-builder/x.ts', 'lib/x.ts', 'build/x.ts']) {
    const [result] = await eslint.lintText(code, { filePath: file })
    expect(result.messages.filter(m => m.ruleId === 'no-restricted-imports').length).toBe(9)
  }
  const [own] = await eslint.lintText(code, { filePath: 'lib/files.ts' })
  expect(own.messages.filter(m => m.ruleId === 'no-restricted-imports')).toEqual([])
  const [namespace] = await eslint.lintText("import * as fs from 'node:fs'\nvoid fs\n", {
    filePath: 'build/x.ts'
  })
  expect(namespace.messages.map(m => m.ruleId)).toEqual(['no-restricted-imports'])
  // Reading stays free.
  const [reads] = await eslint.lintText("import { readFileSync } from 'node:fs'\nvoid readFileSync\n", {
    filePath: 'build/x.ts'
  })
  expect(reads.messages).toEqual([])
})
