// buildx's value grammars that the inputs' checks and the planners both read: an `--output` as buildx
// parses it, the exporter types among the outputs, and Go's boolean spellings. Pure.
import { csvRecords } from '../lib/csv.js'

/** An `--output` as buildx reads it: CSV key=value pairs, or a lone path (`type=local,dest=<path>`;
 * `-` is a tar on stdout). Keys and values trimmed, as the peer's exporter check reads them. */
export function outputAttrs(output: string): Record<string, string> {
  const [cells = []] = csvRecords(output, { trim: true, relax_column_count: true, relax_quotes: true })
  if (cells.length === 1 && !cells[0].includes('=')) {
    return cells[0] === '-' ? { type: 'tar', dest: '-' } : { type: 'local', dest: cells[0] }
  }
  const attrs: Record<string, string> = {}
  for (const cell of cells) {
    const eq = cell.indexOf('=')
    attrs[(eq < 0 ? cell : cell.slice(0, eq)).trim()] = eq < 0 ? '' : cell.slice(eq + 1).trim()
  }
  return attrs
}

/** The exporter types among `outputs`, `load` counting as docker (as the peer's hasDockerExporter). */
export const exporterTypes = (outputs: string[]): string[] => outputs.map(o => outputAttrs(o).type ?? '')

/** Go's strconv.ParseBool spellings, which buildx's attestation attributes take. */
export const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/
/** Those that read true. */
export const GO_TRUE = /^(1|t|T|TRUE|true|True)$/
