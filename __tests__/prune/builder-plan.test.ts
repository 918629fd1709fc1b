import { Inputs } from '../../lib/inputs.js'
import { parsePruneInputs } from '../../prune/inputs.js'
import {
  parseAgo,
  parseRecords,
  planBuilderDu,
  planBuilderPrune,
  selectForDryRun
} from '../../prune/builder-plan.js'

const parse = (m: Record<string, string>) =>
  parsePruneInputs(new Inputs(n => ({ target: 'builder', ...m })[n] ?? ''))

describe('planBuilderPrune', () => {
  test('buildx before 0.17 takes --keep-storage', () => {
    expect(
      planBuilderPrune(parse({ 'keep-storage': '5GB', until: '7d', all: 'true' }), 'b', '0.13.1')
    ).toEqual([
      'buildx',
      'prune',
      '--force',
      '--verbose',
      '--builder',
      'b',
      '--keep-storage',
      '5000000000',
      '--filter',
      'until=604800s',
      '--all'
    ])
  })
  test('buildx 0.17+ takes --reserved-space and --max-used-space', () => {
    expect(planBuilderPrune(parse({ 'keep-storage': '1GB', 'max-used-space': '2GB' }), '', '0.29.1')).toEqual(
      [
        'buildx',
        'prune',
        '--force',
        '--verbose',
        '--reserved-space',
        '1000000000',
        '--max-used-space',
        '2000000000'
      ]
    )
  })
  test('max-used-space on an old buildx says which version it needs', () => {
    expect(() => planBuilderPrune(parse({ 'max-used-space': '2GB' }), '', '0.13.1')).toThrow(
      'max-used-space needs buildx 0.17 or later (this runner has 0.13.1); use keep-storage'
    )
  })
  test('du for a dry run carries the same age filter', () => {
    expect(planBuilderDu(parse({ until: '12h' }), 'b')).toEqual([
      'buildx',
      'du',
      '--verbose',
      '--builder',
      'b',
      '--filter',
      'until=43200s'
    ])
  })
})

const du = `ID:		a1
Created at:	2026-11-23 13:34:57 +0000 UTC
Mutable:	false
Reclaimable:	true
Shared:		true
Size:		1.069MB
Last used:	2 days ago
Type:		regular

ID:		b2*
Reclaimable:	true
Size:		24.75kB
Last used:	About an hour ago
Type:		internal

ID:		c3
Reclaimable:	false
Size:		4.096kB
Last used:	Less than a second ago
Type:		regular

Shared:		2.397MB
Total:		2.677MB
`

describe('records', () => {
  test('parse du/prune --verbose blocks, ignoring the totals', () => {
    expect(parseRecords(du)).toEqual([
      { id: 'a1', size: 1069000, reclaimable: true, type: 'regular', idleSeconds: 172800 },
      { id: 'b2', size: 24750, reclaimable: true, type: 'internal', idleSeconds: 3600 },
      { id: 'c3', size: 4096, reclaimable: false, type: 'regular', idleSeconds: 0 }
    ])
  })
  test('a dry run without a budget lists every reclaimable record (internal ones only with all)', () => {
    expect(selectForDryRun(parseRecords(du), parse({})).map(r => r.id)).toEqual(['a1'])
    expect(selectForDryRun(parseRecords(du), parse({ all: 'true' })).map(r => r.id)).toEqual(['a1', 'b2'])
  })
  test('a dry run with keep-storage takes the least recently used first, down to the budget', () => {
    expect(
      selectForDryRun(parseRecords(du), parse({ 'keep-storage': '100kB', all: 'true' })).map(r => r.id)
    ).toEqual(['a1'])
  })
  test.each([
    ['3 hours ago', 10800],
    ['a minute ago', 60],
    ['About a minute ago', 60],
    [undefined, Infinity]
  ])('parseAgo %s', (s, n) => expect(parseAgo(s)).toBe(n))
})
