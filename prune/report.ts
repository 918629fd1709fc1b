// What each target did (or would do), turned into outputs and one job summary table.
import { formatSize } from '../lib/inputs.js'
import type { Target } from './inputs.js'
import { doc, gfm, table, type Markup } from '../lib/summary-doc.js'

export interface Item {
  what: string
  why: string
  bytes: number
  /** Listed in a table of its own under this heading (registry images, apart from the cache). */
  group?: string
}

export interface TargetReport {
  target: Target
  deleted: Item[]
  failed: (Item & { error: string })[]
  /** Entries left in place (for the builder: records before minus deleted). */
  kept: number
  /** Lines under the table (and in the log). */
  notes: string[]
  /** Lines under the table that are also workflow warnings. */
  warnings: string[]
  /** Why the target stopped before its work was done: the step fails after reporting what it did. */
  stopped?: string
}

export interface Totals {
  deletedCount: number
  deletedBytes: number
  keptCount: number
  failedCount: number
}

export function totals(reports: TargetReport[]): Totals {
  return {
    deletedCount: reports.reduce((n, r) => n + r.deleted.length, 0),
    deletedBytes: reports.reduce((n, r) => n + r.deleted.reduce((m, i) => m + i.bytes, 0), 0),
    keptCount: reports.reduce((n, r) => n + r.kept, 0),
    failedCount: reports.reduce((n, r) => n + r.failed.length, 0)
  }
}

/** A job summary holds at most 1 MiB per step: long lists are cut, the counts stay exact. */
export const SUMMARY_ROWS = 500

/** The summary: a heading and a what / why / size table per target, every value escaped (cache keys
 * and refs are written by pull requests: lib/summary-doc.ts). */
export function renderSummary(reports: TargetReport[], dryRun: boolean): Markup {
  const verb = dryRun ? 'would delete' : 'deleted'
  const blocks: Markup[] = []
  for (const r of reports) {
    const bytes = r.deleted.reduce((n, i) => n + i.bytes, 0)
    blocks.push(gfm`### prune: ${r.target}${dryRun ? gfm` (dry run)` : ''}`)
    const items = [...r.deleted, ...r.failed.map(i => ({ ...i, why: `${i.why} — not deleted: ${i.error}` }))]
    // Ungrouped rows first ('' sorts first).
    for (const group of [...new Set(items.map(i => i.group ?? ''))].sort()) {
      const rows = items.filter(i => (i.group ?? '') === group).map(i => [i.what, i.why, formatSize(i.bytes)])
      if (group) blocks.push(gfm`#### ${group}`)
      const shown = rows.slice(0, SUMMARY_ROWS)
      if (rows.length > SUMMARY_ROWS) shown.push([`… ${rows.length - SUMMARY_ROWS} more`, '', ''])
      blocks.push(table(['what', 'why', 'size'], shown, ['left', 'left', 'right']))
    }
    const failed = r.failed.length ? `; ${r.failed.length} failed` : ''
    blocks.push(gfm`${r.deleted.length} ${verb}, ${formatSize(bytes)}; ${r.kept} kept${failed}`)
    for (const n of [...r.warnings, ...r.notes]) blocks.push(gfm`> ${n}`)
    if (r.stopped) blocks.push(gfm`> **Stopped:** ${r.stopped}`)
  }
  return doc(...blocks)
}
