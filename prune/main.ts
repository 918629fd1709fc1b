// prune: clean up what builds leave behind — the builder's cache, the repository's Actions caches
// (BuildKit-aware), registry cache repositories. Parse inputs → plan and run each target → report.
import * as core from '@actions/core'
import { actionInputs, runAction } from '../lib/action.js'
import type { Logger } from '../lib/gha-cache.js'
import { formatSize } from '../lib/inputs.js'
import { parsePruneInputs, type PruneInputs, type Target } from './inputs.js'
import { pruneBuilder } from './builder-run.js'
import { ghaEnv, pruneGha } from './gha.js'
import { pruneRegistry } from './registry.js'
import { renderSummary, totals, type TargetReport } from './report.js'

const log: Logger = { debug: core.debug, info: core.info, warn: core.warning }

const RUN: Record<Target, (i: PruneInputs) => Promise<TargetReport>> = {
  builder: i => pruneBuilder(i, process.env),
  gha: i => pruneGha(i.gha, i.dryRun, ghaEnv(process.env), log),
  registry: i => pruneRegistry(i.registry, i.dryRun, log, core.setSecret)
}

runAction(async () => {
  const inputs = parsePruneInputs(actionInputs())
  if (inputs.gha.token) core.setSecret(inputs.gha.token)

  const reports: TargetReport[] = []
  const errors: string[] = []
  for (const target of inputs.targets) {
    try {
      reports.push(await RUN[target](inputs))
    } catch (e) {
      if (core.isDebug() && e instanceof Error && e.stack) core.debug(e.stack)
      errors.push((e as Error).message)
    }
  }

  publish(reports, inputs.dryRun)
  await core.summary.addRaw(renderSummary(reports, inputs.dryRun)).write()
  // A target that could not run fails the step; failed single deletions only warn (see README).
  if (errors.length) throw new Error(errors.join('; '))
})

function publish(reports: TargetReport[], dryRun: boolean): void {
  const t = totals(reports)
  for (const r of reports) {
    for (const w of r.warnings) core.warning(`${r.target}: ${w}`)
    for (const f of r.failed.slice(0, 10)) core.warning(`${r.target}: ${f.what} not deleted: ${f.error}`)
    for (const n of r.notes) core.info(`${r.target}: ${n}`)
    const bytes = r.deleted.reduce((n, i) => n + i.bytes, 0)
    core.info(
      `${r.target}: ${dryRun ? 'would delete' : 'deleted'} ${r.deleted.length}, ${formatSize(bytes)}; kept ${r.kept}${r.failed.length ? `; ${r.failed.length} failed` : ''}`
    )
  }
  core.setOutput('deleted-count', String(t.deletedCount))
  core.setOutput('deleted-bytes', String(t.deletedBytes))
  core.setOutput('kept-count', String(t.keptCount))
  core.setOutput('failed-count', String(t.failedCount))
}
