// The build with BuildKit: the cache prepared, the exact buildx argv planned, then run.
import { existsSync, readFileSync } from 'node:fs'
import { writeInto } from '../../lib/files.js'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { formatCacheEntry } from '../cache/entries.js'
import { cacheExportWarnings, cacheServiceWait, writtenEntries } from '../cache/warnings.js'
import { withoutRefused, type BuildWith, type Retry } from './refused.js'
import { displayCommand, planBuild, resultOutputs } from './buildkit-plan.js'
import { repositoryIsPrivate, workflowRunUrl } from '../workflow-run.js'
import { prepareCache } from '../cache/cache.js'
import { readCacheEvent } from '../cache/event.js'
import { runBuild } from './run-build.js'
import { checkCommandSize } from './arg-limit.js'
import { parseMetadata } from './metadata.js'
import { commandEnv } from '../../lib/exec.js'
import type { ActionsCache, BuildInputs, BuildRequest, Built } from '../model.js'

/** What the build loads only when it needs it (build/lazy.ts hands the loaders over). */
export interface BuildkitChunks {
  /** Facts about buildx and the builder that few builds need (and semver with them). */
  builderFacts: () => Promise<typeof import('./builder-facts.js')>
  /** `cache-mounts`: restored before the build, saved after it. */
  cacheMounts: () => Promise<typeof import('../cache-mounts/index.js')>
  /** @actions/cache, for cache: local and cache-mounts. */
  actionsCache: () => Promise<ActionsCache>
}

/** What the caller does while buildx runs: `started` once it runs (work that can wait for the build
 * starts then, off its path); `exported` once it has exported the index it pushes (its digest);
 * `pushed` once it has ended well, with the digest it pushed (not for an image exported to a layout,
 * which is pushed after the build), before its log is read back. */
export interface BuildHooks {
  started?: () => void
  exported?: (digest: string) => void
  pushed?: (digest: string) => void
}

export async function buildWithBuildkit(
  s: BuildRequest,
  load: BuildkitChunks,
  hooks: BuildHooks = {}
): Promise<Built> {
  const { inputs, builder, log } = s
  const cache = await prepareCache(inputs, {
    env: process.env,
    event: readCacheEvent(process.env),
    tempDir: process.env.RUNNER_TEMP ?? tmpdir(),
    // Read only when a gha cache meets cache service v2.
    versions: () => load.builderFacts().then(m => m.readBuilderVersions(builder)),
    // Loaded only for cache: local.
    cacheApi: load.actionsCache,
    log
  })
  cache.plan.notes.forEach(n => log.info(n))
  if (inputs.call) await load.builderFacts().then(m => m.checkCallSupport(inputs.call))
  const mounts = inputs.cacheMounts.length
    ? await (await load.cacheMounts()).openCacheMounts(s, await load.actionsCache())
    : undefined
  const metadataFile = join(s.work, 'metadata.json')
  const iidFile = join(s.work, 'iid')
  const secretPaths = writeSecrets(s.build.secrets, s.work)
  // Read as soon as buildx ends: a leg's hand-off starts on the digest it names (hooks.pushed).
  const readMetadata = () =>
    existsSync(metadataFile) ? parseMetadata(readFileSync(metadataFile, 'utf8')) : { metadata: {} }
  let read: ReturnType<typeof readMetadata> | undefined
  const ended = (code: number) => {
    read = readMetadata()
    const { digest } = resultOutputs(read.metadata)
    if (code === 0 && digest && !s.layout) hooks.pushed?.(digest)
  }
  const build = ({ cacheTo, defaultProvenance }: BuildWith) => {
    const plan = planBuild(s.build, {
      metadataFile,
      secretPaths,
      builder,
      cacheFrom: cache.plan.from.map(formatCacheEntry),
      cacheTo: cacheTo.map(formatCacheEntry),
      cacheBuildArgs: cache.plan.buildArgs,
      iidFile,
      attest: {
        builderId: workflowRunUrl(process.env),
        privateRepo: repositoryIsPrivate(process.env),
        defaultProvenance
      },
      legMark: s.legMark
    })
    log.info(`docker ${displayCommand(plan.args)}`)
    // BUILDX_METADATA_WARNINGS: buildx (>= 0.15) writes the build checks' warnings into the metadata
    // file, for their annotations (as build-push-action asks for them).
    const env = { BUILDX_METADATA_WARNINGS: 'true' }
    checkCommandSize(['docker', ...plan.args], commandEnv(env))
    return runBuild({ args: plan.args, env, stdin: s.source?.archive() }, inputs.log, {
      onIndex: hooks.exported,
      onExit: ended
    })
  }
  // A builder that lacks a feature refuses it before building: build again without it (refused.ts).
  let opts: BuildWith = { cacheTo: cache.plan.to, defaultProvenance: true }
  const userAttests = Boolean(inputs.provenance || inputs.sbom || inputs.attests.length)
  const first = build(opts)
  hooks.started?.()
  let run = await first
  let next: Retry | undefined
  while (run.code !== 0 && (next = withoutRefused(run.lines, opts, userAttests))) {
    if (next.warning) log.warning(next.warning)
    if (next.info) log.info(next.info)
    opts = next
    run = await build(opts)
  }
  const cacheTo = opts.cacheTo
  const warnings = cacheExportWarnings(run.lines, cacheTo)
  for (const w of warnings) log.warning(w.message)
  const waited = cacheServiceWait(run.vertices)
  if (waited) log.warning(waited)
  const saveLocal = cache.local && cacheTo.some(e => e.type === 'local')
  if (run.code !== 0 || !saveLocal) cache.local?.dispose()
  if (run.code !== 0) mounts?.dispose()
  // Read after a failure too: it names the build record and carries the build checks' warnings.
  const { metadata, warning } = read ?? readMetadata()
  if (warning) log.warning(warning)
  return {
    run,
    metadata,
    ...resultOutputs(metadata, run.code === 0 && existsSync(iidFile) ? readFileSync(iidFile, 'utf8') : ''),
    layout: s.layout,
    read: cache.plan.from,
    written: writtenEntries(cacheTo, warnings, run.code === 0),
    mounts: mounts?.report,
    finish:
      saveLocal || mounts
        ? () => Promise.all([saveLocal ? cache.local!.save() : undefined, mounts?.save()])
        : undefined
  }
}

/** `secrets` values go to new files (0600, never through a link) in the step's own folder, never onto a
 * command line. */
export function writeSecrets(secrets: BuildInputs['secrets'], work: string): Record<string, string> {
  const paths: Record<string, string> = {}
  for (const s of secrets) paths[s.id] = writeInto(work, `secret-${Object.keys(paths).length}`, s.value)
  return paths
}
