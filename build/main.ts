// build: run one buildx build with its cache, and report the result.
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as runner from './runtime.js'
import { UserError } from '../lib/errors.js'
import { EXPORTS } from '../lib/exports.js'
import { formatCacheEntry } from '../lib/cache-spec.js'
import { cacheExportWarnings } from '../lib/cache-warnings.js'
import { summarize } from '../lib/progress.js'
import { parseBuildInputs, type BuildInputs } from './inputs.js'
import { frontendFacts, pinBuildArg, preflight } from './frontend.js'
import { planBuild, resultOutputs } from './plan.js'
import { prepareCache } from './cache.js'
import { readCacheEvent } from './event.js'
import { runBuild } from './log.js'
import { cacheOutputs, reportLine, summaryTable, type BuildReport } from './report.js'

runner.runStep(async () => {
  const inputs = parseBuildInputs(runner.actionInputs())
  for (const s of inputs.secrets) runner.setSecret(s.value)
  const builder = inputs.builder || process.env[EXPORTS.builder] || ''
  const frontend = frontendFacts(process.env)
  preflight(inputs, frontend, {
    read: path => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
    annotate: f => runner.error(f.message, f)
  })

  const work = mkdtempSync(join(process.env.RUNNER_TEMP ?? tmpdir(), 'build-'))
  try {
    const cache = await prepareCache(inputs, {
      env: process.env,
      event: readCacheEvent(process.env),
      tempDir: process.env.RUNNER_TEMP ?? tmpdir(),
      // Loaded only when a gha cache meets cache service v2.
      versions: () => import('./gha-versions.js').then(m => m.readBuilderVersions(builder)),
      // Loaded only for cache: local (a separate chunk of the bundle: other builds start faster).
      cacheApi: () => import('@actions/cache'),
      log: runner
    })
    cache.plan.notes.forEach(n => runner.info(n))
    const metadataFile = join(work, 'metadata.json')
    // The frontend setup-builder pinned: BUILDKIT_SYNTAX wins over the Dockerfile's own # syntax= line.
    const plan = planBuild(
      { ...inputs, buildArgs: [...inputs.buildArgs, ...pinBuildArg(frontend.pinned)] },
      {
        metadataFile,
        secretPaths: writeSecrets(inputs, work),
        builder,
        cacheFrom: cache.plan.from.map(formatCacheEntry),
        cacheTo: cache.plan.to.map(formatCacheEntry),
        cacheBuildArgs: cache.plan.buildArgs
      }
    )

    runner.info(`docker ${plan.args.join(' ')}`)
    const build = await runBuild(plan.args, inputs.log, line => runner.info(line))
    for (const w of cacheExportWarnings(build.lines, cache.plan.to)) runner.warning(w.message)

    const metadata =
      build.code === 0 && existsSync(metadataFile) ? JSON.parse(readFileSync(metadataFile, 'utf8')) : {}
    const { digest, imageid } = resultOutputs(metadata)
    const report: BuildReport = {
      image: inputs.tags[0] ?? '',
      platforms: inputs.platforms,
      digest,
      durationMs: build.durationMs,
      cache: summarize(build.steps),
      read: cache.plan.from,
      written: cache.plan.to
    }
    for (const [name, value] of Object.entries(cacheOutputs(report.cache))) runner.setOutput(name, value)
    runner.info(reportLine(report))
    runner.appendSummary(summaryTable(report))
    if (build.code !== 0)
      throw new UserError(`buildx build failed (exit ${build.code}): ${lastError(build.stderr)}`)

    runner.setOutput('digest', digest)
    runner.setOutput('imageid', imageid)
    runner.setOutput('metadata', JSON.stringify(metadata))
    if (digest) runner.info(`Image digest: ${digest}`)
    await cache.local?.save()
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})

/** `secrets` values go to files only the runner user can read, never onto a command line. */
function writeSecrets(inputs: BuildInputs, work: string): Record<string, string> {
  const paths: Record<string, string> = {}
  for (const s of inputs.secrets) {
    paths[s.id] = join(work, `secret-${Object.keys(paths).length}`)
    writeFileSync(paths[s.id], s.value, { mode: 0o600 })
  }
  return paths
}

/** The line of buildx's output that says what failed. */
function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n')
  return (
    [...lines]
      .reverse()
      .find(l => /^ERROR:|error:/i.test(l))
      ?.trim() ??
    lines.at(-1) ??
    ''
  )
}
