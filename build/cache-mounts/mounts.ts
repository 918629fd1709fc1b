// `cache-mounts`, run: before the build, each mount's newest archive is restored from the Actions cache,
// checked (archive.ts) and unpacked into the builder's cache mount by a small build; after a successful
// build another small build packs each mount, and the archives whose contents changed are saved. A
// failure anywhere is a warning: the mounts start empty, or stay unsaved, and the image is not affected.
//
// The archives live in RUNNER_TEMP/buildx-mounts (one stable path per mount: the Actions cache version
// includes it), created by this step and removed when it is done; the generated builds' files go to the
// step's scratch directory.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { makeDirIn, moveInto, sharedDir, writeInto } from '../../lib/files.js'
import { buildxCommand } from '../../lib/buildx.js'
import { run } from '../../lib/exec.js'
import { mountKey } from '../../lib/cache-mount-key.js'
import type { Logger } from '../../lib/runtime.js'
import type { ActionsCache } from '../model.js'
import { readArchive, type ArchiveFacts } from './archive.js'
import { planExtract, planInject, type HelperBuild, type HelperOptions } from './builds.js'
import { keyPrefixOf, type CacheMount, type MountsPlan } from './plan.js'
import { phaseTimes, type MountReport, type MountsReport, type Phase } from './report.js'
import { randomUUID, sha256Hex } from '../../lib/ids.js'

export interface MountsOptions {
  plan: MountsPlan
  image: string
  builder: string
  namespace?: string
  tempDir: string
  /** The step's scratch directory. */
  work: string
  api: ActionsCache
  log: Logger
}

export interface MountsSession {
  report: MountsReport
  /** After a successful build: extract and save (unless read-only), then remove the archives. Never throws. */
  save(): Promise<void>
  /** Removes the archives without saving (the build failed). */
  dispose(): void
}

const WHO = 'cache-mounts'

export async function restoreMounts(o: MountsOptions): Promise<MountsSession | undefined> {
  const { plan, log } = o
  plan.warnings.forEach(w => log.warning(w))
  const dir = join(o.tempDir, 'buildx-mounts')
  try {
    makeDirIn(sharedDir(o.tempDir), 'buildx-mounts')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    log.warning(
      `${WHO}: ${dir} exists (left by an earlier step of this job); building without restoring the mounts`
    )
    return undefined
  }
  const dispose = () => rmSync(dir, { recursive: true, force: true })
  if (!o.api.isFeatureAvailable()) {
    log.warning(
      `${WHO}: the Actions cache service is not available to this step; the mounts start empty and are not saved`
    )
    dispose()
    return undefined
  }
  const report: MountsReport = {
    mounts: plan.mounts.map(m => ({ name: m.name, notes: [] })),
    ms: {},
    readOnly: plan.readOnly
  }
  const mounts = plan.mounts.map((m, n) => {
    const prefix = keyPrefixOf(plan.scope, m)
    // One stable file per mount and scope: the cache version hashes the path.
    const file = join(dir, `${sha256Hex(prefix).slice(0, 16)}.tar`)
    return { m, prefix, file, r: report.mounts[n] }
  })
  const timed = async <T>(phase: Phase, f: () => Promise<T>): Promise<T> => {
    const start = Date.now()
    try {
      return await f()
    } finally {
      report.ms[phase] = (report.ms[phase] ?? 0) + Date.now() - start
    }
  }

  const restored = await timed('restore', () => Promise.all(mounts.map(x => restoreOne(x, o.api, log))))
  const inject = mounts.filter((_, n) => restored[n])
  if (inject.length) {
    const result = await timed('inject', () =>
      helperBuild(o, 'inject', h =>
        planInject(
          inject.map(x => ({ mount: x.m, archive: x.file.slice(dir.length + 1) })),
          { ...h, context: dir }
        )
      )
    )
    inject.forEach((x, n) => {
      if (result) x.r.injected = INJECTED[readResult(join(result, String(n)))] ?? 'no result'
      else {
        x.r.notes.push(`${x.r.restored!.key} restored, not injected; starts empty`)
        x.r.restored = undefined
      }
    })
    inject.forEach(x => rmSync(x.file, { force: true }))
  }
  for (const { r } of mounts)
    log.info(
      `${WHO}: ${r.name}: ${r.restored ? `restored ${r.restored.key} (${r.restored.entries} entries), ${r.injected}` : r.notes.join('; ')}`
    )
  log.info(`${WHO}: ${phaseTimes(report)}`)

  const save = async () => {
    try {
      if (plan.readOnly) return log.info(`${WHO}: not saved: ${plan.readOnly}`)
      const out = await timed('extract', () => helperBuild(o, 'extract', h => planExtract(plan.mounts, h)))
      if (!out) return
      await timed('save', () =>
        Promise.all(mounts.map((x, n) => saveOne(x, join(out, `${n}.tar`), o.api, log)))
      )
      for (const { r } of mounts)
        log.info(
          `${WHO}: ${r.name}: ${r.saved ? `saved ${r.saved.key} (${r.saved.entries} entries)` : r.notes.at(-1)}`
        )
      log.info(`${WHO}: ${phaseTimes(report)}`)
    } catch (e) {
      log.warning(`${WHO}: saving the mounts failed (${(e as Error).message}); the image is not affected`)
    } finally {
      dispose()
    }
  }
  return { report, save, dispose }
}

/** The generated build, run on the user's builder; its export directory, or undefined (a warning). */
async function helperBuild(
  o: MountsOptions,
  what: 'inject' | 'extract',
  plan: (h: HelperOptions) => HelperBuild
): Promise<string | undefined> {
  const base = makeDirIn(o.work, `mounts-${what}`)
  const h: HelperOptions = {
    image: o.image,
    builder: o.builder,
    stamp: randomUUID(),
    namespace: o.namespace,
    file: join(base, 'Dockerfile'),
    context: join(base, 'context'),
    out: join(base, 'out')
  }
  const build = plan(h)
  writeInto(base, 'Dockerfile', build.dockerfile)
  makeDirIn(base, 'out')
  makeDirIn(base, 'context')
  const r = await run(buildxCommand(build.args))
  if (r.code === 0) return h.out
  const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-8).join(' | ')
  o.log.warning(
    `${WHO}: the ${what} build on the builder failed (${tail}); ${what === 'inject' ? 'the mounts start empty' : 'nothing is saved'}. It runs ${o.image} (cache-mounts-image): it needs a shell and tar`
  )
  return undefined
}

type Mount = { m: CacheMount; prefix: string; file: string; r: MountReport }

/** The newest archive of the mount, checked; true when it is ready to inject. */
async function restoreOne({ prefix, file, r }: Mount, api: ActionsCache, log: Logger): Promise<boolean> {
  let key: string | undefined
  try {
    key = await api.restoreCache([file], prefix, [prefix])
  } catch (e) {
    r.notes.push(`restoring failed (${(e as Error).message}); starts empty`)
    log.warning(`${WHO}: ${r.name}: ${r.notes.at(-1)}`)
    return false
  }
  if (!key || !existsSync(file)) {
    r.notes.push(`no archive yet (${prefix}*); starts empty`)
    return false
  }
  const facts = await readArchive(file).catch((e: Error): ArchiveFacts => ({
    entries: 0,
    bytes: 0,
    sha256: '',
    problem: e.message
  }))
  if (facts.problem) {
    rmSync(file, { force: true })
    r.notes.push(`${key} refused: ${facts.problem}; starts empty`)
    log.warning(`${WHO}: ${r.name}: ${r.notes.at(-1)}`)
    return false
  }
  r.restored = { key, bytes: facts.bytes, entries: facts.entries }
  return true
}

/** The exported archive, checked, saved under its content key unless that is the key restored. */
async function saveOne(
  { prefix, file, r }: Mount,
  exported: string,
  api: ActionsCache,
  log: Logger
): Promise<void> {
  const problem = (note: string) => {
    r.notes.push(note)
    log.warning(`${WHO}: ${r.name}: ${note}; the image is not affected`)
  }
  if (!existsSync(exported)) return problem('the extract build exported no archive; not saved')
  const facts = await readArchive(exported)
  if (facts.problem)
    return problem(`not saved: the mount holds what a restore would refuse (${facts.problem})`)
  const key = mountKey(prefix, facts.sha256)
  if (key === r.restored?.key) return void r.notes.push(`unchanged (${key}), not saved again`)
  moveInto(exported, dirname(file), basename(file))
  try {
    const id = await api.saveCache([file], key)
    // -1: @actions/cache has said why (the key exists: saved by a concurrent run; or a warning).
    if (id === -1) return void r.notes.push(`${key} not saved (see above)`)
    r.saved = { key, bytes: facts.bytes, entries: facts.entries }
  } catch (e) {
    problem(`saving ${key} failed (${(e as Error).message})`)
  }
}

const INJECTED: Record<string, string> = {
  restored: 'unpacked into the empty mount',
  kept: "kept the builder's own contents (the mount was not empty)"
}
const readResult = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : 'no result')
