// Target builder: the buildx builder's own cache, through `buildx prune` (planned in builder-plan.ts).
import { docker, buildxVersion } from '../lib/buildx.js'
import { EXPORTS } from '../lib/environment.js'
import { formatSize } from '../lib/inputs.js'
import type { PruneInputs } from './inputs.js'
import { parseRecords, planBuilderDu, planBuilderPrune, selectForDryRun } from './builder-plan.js'
import type { TargetReport } from './report.js'

export async function pruneBuilder(i: PruneInputs, env: NodeJS.ProcessEnv): Promise<TargetReport> {
  const builder = i.builder || env[EXPORTS.builder] || ''
  const pruneArgs = planBuilderPrune(i, builder, await buildxVersion())
  const before = parseRecords(await docker(...planBuilderDu({ ...i, untilMs: undefined }, builder)))
  const deleted = i.dryRun
    ? selectForDryRun(parseRecords(await docker(...planBuilderDu(i, builder))), i)
    : parseRecords(await docker(...pruneArgs))
  return {
    target: 'builder',
    deleted: deleted.map(r => ({ what: `cache record ${r.id} (${r.type})`, why: reason(i), bytes: r.size })),
    failed: [],
    kept: Math.max(0, before.length - deleted.length),
    notes: i.dryRun ? [`a run would call: docker ${pruneArgs.join(' ')}`] : [],
    warnings: []
  }
}

function reason(i: { untilMs?: number; keepStorage?: number; maxUsedSpace?: number }): string {
  const parts = []
  if (i.untilMs !== undefined) parts.push(`unused for ${Math.round(i.untilMs / 3600000)}h+`)
  if (i.keepStorage !== undefined) parts.push(`over keep-storage ${formatSize(i.keepStorage)}`)
  if (i.maxUsedSpace !== undefined) parts.push(`over max-used-space ${formatSize(i.maxUsedSpace)}`)
  return parts.join(', ') || 'reclaimable'
}
