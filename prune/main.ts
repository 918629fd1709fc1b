// prune: clean up what builds leave behind. Target `builder`: the builder's own cache.
import * as core from '@actions/core'
import { actionInputs, runAction } from '../lib/action.js'
import { docker, buildxVersion } from '../lib/docker.js'
import { formatSize } from '../lib/inputs.js'
import { parsePruneInputs } from './inputs.js'
import { parseRecords, planBuilderDu, planBuilderPrune, selectForDryRun } from './builder.js'

runAction(async () => {
  const inputs = parsePruneInputs(actionInputs())
  const builder = inputs.builder || process.env.BUILDX_BUILDER || ''

  const pruneArgs = planBuilderPrune(inputs, builder, await buildxVersion())
  const before = parseRecords(await docker(...planBuilderDu({ ...inputs, untilMs: undefined }, builder)))
  const deleted = inputs.dryRun
    ? selectForDryRun(parseRecords(await docker(...planBuilderDu(inputs, builder))), inputs)
    : parseRecords(await docker(...pruneArgs))

  const bytes = deleted.reduce((n, r) => n + r.size, 0)
  const verb = inputs.dryRun ? 'would delete' : 'deleted'
  core.info(
    `Builder cache: ${verb} ${deleted.length} records, ${formatSize(bytes)}${inputs.dryRun ? ` (docker ${pruneArgs.join(' ')})` : ''}`
  )
  core.setOutput('deleted-count', String(deleted.length))
  core.setOutput('deleted-bytes', String(bytes))
  core.setOutput('kept-count', String(Math.max(0, before.length - deleted.length)))
  await core.summary
    .addHeading(`prune: builder${inputs.dryRun ? ' (dry run)' : ''}`, 3)
    .addTable([
      [
        { data: 'what', header: true },
        { data: 'why', header: true },
        { data: 'size', header: true }
      ],
      ...deleted.map(r => [`cache record ${r.id} (${r.type})`, reason(inputs), formatSize(r.size)])
    ])
    .addRaw(
      `${deleted.length} records, ${formatSize(bytes)} ${verb}; ${Math.max(0, before.length - deleted.length)} kept\n`
    )
    .write()
})

function reason(i: { untilMs?: number; keepStorage?: number; maxUsedSpace?: number }): string {
  const parts = []
  if (i.untilMs !== undefined) parts.push(`unused for ${Math.round(i.untilMs / 3600000)}h+`)
  if (i.keepStorage !== undefined) parts.push(`over keep-storage ${formatSize(i.keepStorage)}`)
  if (i.maxUsedSpace !== undefined) parts.push(`over max-used-space ${formatSize(i.maxUsedSpace)}`)
  return parts.join(', ') || 'reclaimable'
}
