// What `cache-mounts` did and what it cost, pure: one line per phase for the log, and the job summary's
// table of the mounts (restored from, saved as, sizes) with the time of each phase.
import { formatSize } from '../../lib/inputs.js'

export type { MountReport, Phase } from '../model.js'
import type { Phase } from '../model.js'
export const PHASES: Phase[] = ['restore', 'inject', 'extract', 'save']

export type { MountsReport } from '../model.js'
import type { MountsReport } from '../model.js'

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`
const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const code = (s: string) => `<code>${html(s)}</code>`
const sized = (a: { bytes: number; entries: number }) => `${formatSize(a.bytes)}, ${a.entries} entries`

/** `restore 1.2s · inject 0.8s · extract 0.9s · save 2.0s`, the phases that ran. */
export function phaseTimes(r: MountsReport): string {
  return PHASES.filter(p => r.ms[p] !== undefined)
    .map(p => `${p} ${seconds(r.ms[p]!)}`)
    .join(' · ')
}

/** The job summary's part: a table of the mounts and the time of each phase. */
export function mountsSummary(r: MountsReport): string {
  const row = (cells: string[], tag: 'th' | 'td') =>
    `<tr>${cells.map(c => `<${tag}>${c}</${tag}>`).join('')}</tr>`
  const rows = r.mounts.map(m =>
    row(
      [
        code(m.name),
        m.restored
          ? `${code(m.restored.key)} (${sized(m.restored)})${m.injected ? `, ${html(m.injected)}` : ''}`
          : '–',
        m.saved ? `${code(m.saved.key)} (${sized(m.saved)})` : '–',
        html(m.notes.join('; ')) || '–'
      ],
      'td'
    )
  )
  const table = `<table>${row(['cache mount', 'restored', 'saved', 'notes'], 'th')}${rows.join('')}</table>`
  const times = phaseTimes(r)
  const readOnly = r.readOnly ? ` Not saved: ${html(r.readOnly)}.` : ''
  return `**Cache mounts**${times ? ` (${html(times)})` : ''}.${readOnly}\n\n${table}\n`
}
