// CSV records as csv-parse reads them. Most inputs hold no quote at all: for those (plain ASCII without a
// quote or a carriage return) the records are the lines split on commas, which is what csv-parse returns
// for them, without its parser: its first call costs a build about 3 ms before buildx can start (most
// of it compiling the parser). Anything else goes to csv-parse. __tests__/lib/csv.test.ts holds the two
// to the same answers for every option set used here.
import { parse, type CastingFunction } from 'csv-parse/sync'

/** The csv-parse options the suite uses (the delimiter is always a comma). */
export interface CsvOptions {
  trim?: boolean
  relax_column_count?: boolean
  relax_quotes?: boolean
  skip_empty_lines?: boolean
  comment?: string
  quote?: '"' | false
}

/** Printable ASCII, tabs and newlines: the text the plain reading is exact for. */
const PLAIN = /^[\x20-\x7e\t\n]*$/

export function csvRecords(text: string, options: CsvOptions = {}): string[][] {
  return plainRecords(text, options) ?? (csvParse(text, options) as string[][])
}

/** The records through csv-parse alone; `cast` sees every cell (csv-parse's casting function). */
export const csvParse = (text: string, options: CsvOptions, cast?: CastingFunction): unknown[][] =>
  parse(text, { ...options, delimiter: ',', columns: false, cast }) as unknown[][]

/** The records of a text without quotes, or undefined when csv-parse must read it. */
export function plainRecords(text: string, o: CsvOptions): string[][] | undefined {
  if (!PLAIN.test(text)) return undefined
  if (o.quote !== false && text.includes('"')) return undefined
  if (o.comment && text.includes(o.comment)) return undefined
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop() // a final newline ends the last record
  const records = (o.skip_empty_lines ? lines.filter(l => l !== '') : lines).map(l =>
    l.split(',').map(c => (o.trim ? c.replace(/^[ \t]+|[ \t]+$/g, '') : c))
  )
  // Trimmed, a last line of blanks only (no newline after it) is no record at all.
  const last = records.at(-1)
  if (o.trim && !text.endsWith('\n') && last?.length === 1 && last[0] === '') records.pop()
  // Records of different lengths are an error without relax_column_count: csv-parse says which.
  if (!o.relax_column_count && records.some(r => r.length !== records[0].length)) return undefined
  return records
}
