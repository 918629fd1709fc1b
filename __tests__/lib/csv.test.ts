import fc from 'fast-check'
import { csvParse, csvRecords, plainRecords, type CsvOptions } from '../../lib/csv.js'

// Every option set the suite passes (lib/inputs.ts, build/engine/buildkit-plan.ts, build/buildx-values.ts,
// build/cache-mounts/plan.ts), and parseList's variants.
const OPTION_SETS: CsvOptions[] = [
  { relax_quotes: true, relax_column_count: true, skip_empty_lines: true, quote: '"' },
  { relax_quotes: true, relax_column_count: true, skip_empty_lines: true, quote: '"', comment: '#' },
  { relax_quotes: true, relax_column_count: true, skip_empty_lines: true, quote: false },
  { trim: true, relax_column_count: true },
  { relax_column_count: true, skip_empty_lines: true },
  { trim: true, relax_column_count: true, relax_quotes: true },
  { trim: true, relax_quotes: true }
]

const answer = (f: () => unknown) => {
  try {
    return { records: f() }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

describe('csvRecords', () => {
  it.each(OPTION_SETS.map(o => [JSON.stringify(o), o] as const))(
    'reads every text as csv-parse does (%s)',
    (_, options) => {
      const chars = [
        'a',
        'b',
        '=',
        ' ',
        '\t',
        ',',
        ',',
        '\n',
        '\n',
        '#',
        '"',
        '\r',
        '\f',
        'é',
        '\u00a0',
        '\u2028'
      ]
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 24 }), cs => {
          const text = cs.join('')
          expect(answer(() => csvRecords(text, options))).toEqual(answer(() => csvParse(text, options)))
        }),
        { numRuns: 3000 }
      )
    }
  )

  it('reads plain text without csv-parse, and hands anything else to it', () => {
    expect(plainRecords('type=image,push=true\nb , c\n', { trim: true, relax_column_count: true })).toEqual([
      ['type=image', 'push=true'],
      ['b', 'c']
    ])
    for (const text of ['a,"b"', 'a\r\nb', 'a\u00a0b', 'é']) expect(plainRecords(text, {})).toBeUndefined()
    expect(plainRecords('# x', { comment: '#' })).toBeUndefined()
    expect(plainRecords('a,"b"', { quote: false })).toEqual([['a', '"b"']])
    // Records of different lengths: csv-parse's error, not a plain answer.
    expect(plainRecords('a,b\nc', {})).toBeUndefined()
    expect(() => csvRecords('a,b\nc', {})).toThrow(/Invalid Record Length/)
  })
})
