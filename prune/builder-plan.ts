// Builder cache pruning: the buildx argv, and reading what buildx reports it removed (or would).
import semver from 'semver'
import { parseSize } from '../lib/inputs.js'
import { UserError } from '../lib/errors.js'
import type { PruneInputs } from './inputs.js'

export interface CacheRecord {
  id: string
  size: number
  reclaimable: boolean
  type: string
  /** Seconds since last use, from buildx's relative time; Infinity when never used. */
  idleSeconds: number
}

/** `--filter until=` takes a Go duration: whole hours/minutes/seconds. */
export const goDuration = (ms: number): string => `${Math.round(ms / 1000)}s`

export function planBuilderPrune(i: PruneInputs, builder: string, buildxVersion: string): string[] {
  const args = ['buildx', 'prune', '--force', '--verbose']
  if (builder) args.push('--builder', builder)
  // buildx 0.17 renamed --keep-storage to --reserved-space (same meaning: cache kept under this size).
  const newFlags = semver.gte(buildxVersion, '0.17.0')
  if (i.keepStorage !== undefined)
    args.push(newFlags ? '--reserved-space' : '--keep-storage', String(i.keepStorage))
  if (i.maxUsedSpace !== undefined) {
    if (!newFlags)
      throw new UserError(
        `max-used-space needs buildx 0.17 or later (this runner has ${buildxVersion}); use keep-storage`
      )
    args.push('--max-used-space', String(i.maxUsedSpace))
  }
  if (i.untilMs !== undefined) args.push('--filter', `until=${goDuration(i.untilMs)}`)
  if (i.all) args.push('--all')
  return args
}

export function planBuilderDu(i: PruneInputs, builder: string): string[] {
  const args = ['buildx', 'du', '--verbose']
  if (builder) args.push('--builder', builder)
  if (i.untilMs !== undefined) args.push('--filter', `until=${goDuration(i.untilMs)}`)
  return args
}

/** `buildx du --verbose` / `prune --verbose` blocks of `Key:\tvalue` lines separated by blank lines. */
export function parseRecords(out: string): CacheRecord[] {
  const records: CacheRecord[] = []
  for (const block of out.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {}
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z ]+):\s+(.*)$/.exec(line.trim())
      if (m) fields[m[1]] = m[2].trim()
    }
    if (!fields.ID || fields.Size === undefined) continue
    records.push({
      id: fields.ID.replace(/\*$/, ''),
      size: parseSize(fields.Size.replace(/B$/, 'B'), 'Size'),
      reclaimable: fields.Reclaimable !== 'false',
      type: fields.Type ?? 'regular',
      idleSeconds: parseAgo(fields['Last used'])
    })
  }
  return records
}

/** What a prune with these inputs would delete, from du's records: oldest first, down to the budget. */
export function selectForDryRun(records: CacheRecord[], i: PruneInputs): CacheRecord[] {
  let candidates = records.filter(r => r.reclaimable && (i.all || !['internal', 'frontend'].includes(r.type)))
  const budget = Math.min(i.keepStorage ?? Infinity, i.maxUsedSpace ?? Infinity)
  if (budget === Infinity) return candidates
  candidates = [...candidates].sort((a, b) => b.idleSeconds - a.idleSeconds)
  let used = records.reduce((n, r) => n + r.size, 0)
  const chosen: CacheRecord[] = []
  for (const r of candidates) {
    if (used <= budget) break
    chosen.push(r)
    used -= r.size
  }
  return chosen
}

const UNIT_SECONDS: Record<string, number> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  week: 604800,
  month: 2592000,
  year: 31536000
}
/** go-units' HumanDuration: "2 seconds ago", "About a minute ago", "3 hours ago", "Less than a second ago". */
export function parseAgo(s: string | undefined): number {
  if (!s) return Infinity
  if (/less than a second/i.test(s)) return 0
  const m = /(\d+|an?|About an?)\s+(second|minute|hour|day|week|month|year)s?/i.exec(s)
  if (!m) return Infinity
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : 1
  return n * UNIT_SECONDS[m[2].toLowerCase()]
}
