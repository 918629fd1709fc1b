// Typed input reading. The reader is given a lookup function (the runtime's getInput in the actions, a map
// in tests), so nothing here depends on the Actions runtime.
import { parse } from 'csv-parse/sync'
import { InputError } from './errors.js'

export type Lookup = (name: string) => string

export class Inputs {
  constructor(private readonly lookup: Lookup) {}

  string(name: string): string {
    return this.lookup(name).trim()
  }

  /** Newline- or comma-separated values with CSV quoting ("a,b" stays one value); blanks dropped. */
  list(name: string, opts: { commas?: boolean } = {}): string[] {
    return parseList(this.lookup(name), opts.commas ?? true, name)
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

export function parseList(raw: string, commas: boolean, name = 'list'): string[] {
  const out: string[] = []
  for (const line of raw.split(/\r?\n/)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    if (!commas) {
      out.push(line.trim())
      continue
    }
    let rows: string[][]
    try {
      rows = parse(line, { relax_quotes: true, skip_empty_lines: true, trim: true, relax_column_count: true })
    } catch (e) {
      throw new InputError(
        name,
        line,
        `comma- or newline-separated values, quoted with "..." (${(e as Error).message})`
      )
    }
    for (const row of rows) for (const cell of row) if (cell !== '') out.push(cell)
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
