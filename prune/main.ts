// prune: clean up what builds leave behind — the builder's cache, the repository's Actions caches
// (BuildKit-aware), registry cache repositories. Parse inputs → plan and run each target → report.
import * as runner from '../lib/runtime.js'
import { requireLinuxRunner } from '../lib/runner-os.js'
import { formatSize } from '../lib/inputs.js'
import { parsePruneInputs, type PruneInputs, type Target } from './inputs.js'
import { pruneBuilder } from './builder.js'
import { ghaEnv, pruneGha } from './gha/gha.js'
import { pruneRegistry } from './registry.js'
import { ghcrEnv } from './ghcr.js'
import { renderSummary, totals, type TargetReport } from './report.js'

const RUN: Record<Target, (i: PruneInputs) => Promise<TargetReport>> = {
  builder: i => pruneBuilder(i, process.env),
  gha: i => pruneGha(i.gha, i.dryRun, ghaEnv(process.env), runner),
  registry: i => pruneRegistry(i.registry, i.dryRun, runner, runner.setSecret, ghcrEnv(process.env))
}

runner.runStep(async () => {
  requireLinuxRunner('prune')
  const inputs = parsePruneInputs(runner.actionInputs())
  if (inputs.gha.token) runner.setSecret(inputs.gha.token)

  const reports: TargetReport[] = []
  const errors: string[] = []
  for (const target of inputs.targets) {
    try {
      reports.push(await RUN[target](inputs))
    } catch (e) {
      if (runner.isDebug() && e instanceof Error && e.stack) runner.debug(e.stack)
      errors.push((e as Error).message)
    }
  }

  publish(reports, inputs.dryRun)
  runner.appendSummary(renderSummary(reports, inputs.dryRun))
  // A target that could not run, or stopped before its work was done (a rate limit resetting much
  // later), fails the step after its report; failed single deletions only warn (see README).
  for (const r of reports) if (r.stopped) errors.push(r.stopped)
  if (errors.length) throw new Error(errors.join('; '))
})

function publish(reports: TargetReport[], dryRun: boolean): void {
  const t = totals(reports)
  for (const r of reports) {
    for (const w of r.warnings) runner.warning(`${r.target}: ${w}`)
    for (const f of r.failed.slice(0, 10)) runner.warning(`${r.target}: ${f.what} not deleted: ${f.error}`)
    for (const n of r.notes) runner.info(`${r.target}: ${n}`)
    const bytes = r.deleted.reduce((n, i) => n + i.bytes, 0)
    runner.info(
      `${r.target}: ${dryRun ? 'would delete' : 'deleted'} ${r.deleted.length}, ${formatSize(bytes)}; kept ${r.kept}${r.failed.length ? `; ${r.failed.length} failed` : ''}`
    )
  }
  runner.setOutput('deleted-count', String(t.deletedCount))
  runner.setOutput('deleted-bytes', String(t.deletedBytes))
  runner.setOutput('kept-count', String(t.keptCount))
  runner.setOutput('failed-count', String(t.failedCount))
}
