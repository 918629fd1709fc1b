// Typed input reading. The reader is given a lookup function (the runtime's getInput in the actions, a map
// in tests), so nothing here depends on the Actions runtime.
import { csvParse, plainRecords, type CsvOptions } from './csv.js'
import { InputError } from './errors.js'

export type Lookup = (name: string) => string

/** How a list input is read, as docker/actions-toolkit's `Util.getInputList` options. */
export interface ListOptions {
  /** false: only newlines separate values and a line keeps its commas (the toolkit's `ignoreComma`).
   * Default true: commas separate values too. */
  commas?: boolean
  /** false: `"` is an ordinary character, so a line reaches buildx with its quotes (for values buildx
   * reads as CSV itself: outputs, driver-opts). Default true. */
  quote?: boolean
  /** A comment character: the rest of a line after it is dropped (no input uses it by default). */
  comment?: string
  /** The value is a secret: a parse error does not echo it. */
  secret?: boolean
}

export class Inputs {
  constructor(private readonly lookup: Lookup) {}

  string(name: string): string {
    return this.lookup(name).trim()
  }

  /** A single value: a newline in it is an input error (it would be one more argument, or a workflow
   * command when the command line is echoed). */
  line(name: string): string {
    const v = this.string(name)
    if (/[\r\n]/.test(v)) throw new InputError(name, v, 'a single value on one line')
    return v
  }

  /** A list read as the Actions toolkit reads it for build-push-action and setup-buildx-action (see
   * parseList); `{ commas: false }` for the inputs those actions read with `ignoreComma`. */
  list(name: string, opts: ListOptions = {}): string[] {
    return parseList(this.lookup(name).trim(), opts, name)
  }

  bool(name: string): boolean {
    return parseBool(this.string(name), name)
  }

  oneOf<T extends string>(name: string, accepted: readonly T[]): T {
    const v = this.string(name)
    if ((accepted as readonly string[]).includes(v)) return v as T
    throw new InputError(name, v, accepted.join(' | '))
  }

  /** A duration in milliseconds, or undefined when the input is empty. */
  duration(name: string): number | undefined {
    const v = this.string(name)
    return v === '' ? undefined : parseDuration(v, name)
  }

  /** A size in bytes, or undefined when the input is empty. */
  size(name: string): number | undefined {
    const v = this.string(name)
    return v === '' ? undefined : parseSize(v, name)
  }
}

/** A cell csv-parse read between quotes: kept as written (no trimming) in a newline-only list. */
class Quoted {
  constructor(readonly value: string) {}
}
type Cell = string | Quoted
const text = (c: Cell) => (typeof c === 'string' ? c : c.value)

/**
 * A list input, read as docker/actions-toolkit's `Util.getList` reads it for the peers: CSV across lines
 * (a `"…"` value may span lines, blank ones included, and `""` is a quote), empty lines skipped; with
 * commas, every cell is a value and a line of one cell is split on its commas (quoted or not); without,
 * a line of several cells is joined back with commas. Values are trimmed and empty ones dropped.
 *
 * Two differences, both deliberate: a value that is one quoted cell in a newline-only list is kept byte
 * for byte, leading and trailing whitespace and a final newline included (a PEM key needs its last
 * newline; the toolkit trims it); and a line whose first cell starts with `#` is a comment.
 */
export function parseList(raw: string, options: boolean | ListOptions = {}, name = 'list'): string[] {
  const o: ListOptions = typeof options === 'boolean' ? { commas: options } : options
  const commas = o.commas ?? true
  if (raw === '') return []
  let records: Cell[][]
  try {
    const csv: CsvOptions = {
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      comment: o.comment,
      quote: o.quote === false ? false : '"'
    }
    records =
      plainRecords(raw, csv) ??
      (csvParse(raw, csv, (value, context) => (context.quoting ? new Quoted(value) : value)) as Cell[][])
  } catch (e) {
    const why = (e as Error).message.replace(/\s+/g, ' ')
    throw new InputError(
      name,
      o.secret ? `<${raw.length} characters hidden>` : raw,
      `${commas ? 'comma- or newline-separated' : 'newline-separated'} values, quoted with "..." (${why})`
    )
  }
  const out: string[] = []
  for (const record of records) {
    const first = record[0]
    if (typeof first === 'string' && first.trim().startsWith('#')) continue
    if (!commas && record.length === 1 && first instanceof Quoted) {
      if (first.value !== '') out.push(first.value)
      continue
    }
    const values = !commas
      ? [record.map(text).join(',')]
      : record.length === 1
        ? text(first).split(',')
        : record.map(text)
    for (const v of values) if (v.trim() !== '') out.push(v.trim())
  }
  return out
}

const TRUE = ['true', 'True', 'TRUE', 'yes', 'on', '1']
const FALSE = ['false', 'False', 'FALSE', 'no', 'off', '0', '']
export function parseBool(v: string, name: string): boolean {
  if (TRUE.includes(v)) return true
  if (FALSE.includes(v)) return false
  throw new InputError(name, v, 'true | false')
}

const DURATION_UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }
/** `7d`, `12h`, `1h30m`, `90s`, `2w` → milliseconds. */
export function parseDuration(v: string, name: string): number {
  const re = /(\d+(?:\.\d+)?)([smhdw])/gy
  let total = 0
  let m: RegExpExecArray | null
  let consumed = 0
  while ((m = re.exec(v)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]]
    consumed = re.lastIndex
  }
  if (consumed === 0 || consumed !== v.length) {
    throw new InputError(name, v, 'a duration such as 90s, 30m, 12h, 7d, 2w or 1h30m')
  }
  return total
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4
}
/** `5GB` (decimal, as docker prints sizes), `512MiB`/`512m` (binary), `1024` (bytes) → bytes. */
export function parseSize(v: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(v)
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined
  if (!m || unit === undefined)
    throw new InputError(name, v, 'a size such as 500MB, 5GB, 2GiB or a byte count')
  return Math.round(Number(m[1]) * unit)
}

/** Bytes → a short human size in docker's decimal units. */
export function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let v = bytes
  let i = 0
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)}${units[i]}`
}
