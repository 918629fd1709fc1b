// What each target did (or would do), turned into outputs and one job summary table.
import { formatSize } from '../lib/inputs.js'
import type { Target } from './inputs.js'

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

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;')

/** The summary as markdown: a heading and a what / why / size table per target. */
export function renderSummary(reports: TargetReport[], dryRun: boolean): string {
  const verb = dryRun ? 'would delete' : 'deleted'
  const out: string[] = []
  for (const r of reports) {
    const bytes = r.deleted.reduce((n, i) => n + i.bytes, 0)
    out.push(`### prune: ${r.target}${dryRun ? ' (dry run)' : ''}`, '')
    const items = [...r.deleted, ...r.failed.map(i => ({ ...i, why: `${i.why} — not deleted: ${i.error}` }))]
    // Ungrouped rows first ('' sorts first).
    for (const group of [...new Set(items.map(i => i.group ?? ''))].sort()) {
      const rows = items.filter(i => (i.group ?? '') === group)
      if (group) out.push(`#### ${escape(group)}`, '')
      out.push('| what | why | size |', '| --- | --- | ---: |')
      for (const i of rows.slice(0, SUMMARY_ROWS))
        out.push(`| ${escape(i.what)} | ${escape(i.why)} | ${formatSize(i.bytes)} |`)
      if (rows.length > SUMMARY_ROWS) out.push(`| … ${rows.length - SUMMARY_ROWS} more | | |`)
      out.push('')
    }
    out.push(
      `${r.deleted.length} ${verb}, ${formatSize(bytes)}; ${r.kept} kept${r.failed.length ? `; ${r.failed.length} failed` : ''}`,
      ''
    )
    for (const n of [...r.warnings, ...r.notes]) out.push(`> ${escape(n)}`, '')
  }
  return out.join('\n')
}
