// What `cache-mounts` did and what it cost, pure: one line per phase for the log, and the job summary's
// table of the mounts (restored from, saved as, sizes) with the time of each phase.
import { formatSize } from '../../lib/inputs.js'
import { code, doc, gfm, htmlTable, type Markup } from '../../lib/summary-doc.js'

export type { MountReport, Phase } from '../model.js'
import type { Phase } from '../model.js'
export const PHASES: Phase[] = ['restore', 'inject', 'extract', 'save']

export type { MountsReport } from '../model.js'
import type { MountsReport } from '../model.js'

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`
const sized = (a: { bytes: number; entries: number }) => `${formatSize(a.bytes)}, ${a.entries} entries`

/** `restore 1.2s · inject 0.8s · extract 0.9s · save 2.0s`, the phases that ran. */
export function phaseTimes(r: MountsReport): string {
  return PHASES.filter(p => r.ms[p] !== undefined)
    .map(p => `${p} ${seconds(r.ms[p]!)}`)
    .join(' · ')
}

/** The job summary's part: a table of the mounts and the time of each phase (through the summary door). */
export function mountsSummary(r: MountsReport): Markup {
  const rows = r.mounts.map(m => [
    code(m.name),
    m.restored
      ? gfm`${code(m.restored.key)} (${sized(m.restored)})${m.injected ? gfm`, ${m.injected}` : ''}`
      : '–',
    m.saved ? gfm`${code(m.saved.key)} (${sized(m.saved)})` : '–',
    m.notes.join('; ') || '–'
  ])
  const times = phaseTimes(r)
  const head = gfm`**Cache mounts**${times ? gfm` (${times})` : ''}.${r.readOnly ? gfm` Not saved: ${r.readOnly}.` : ''}`
  return doc(head, htmlTable(['cache mount', 'restored', 'saved', 'notes'], rows))
}
