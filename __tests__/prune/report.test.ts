import { renderSummary, SUMMARY_ROWS, totals, type TargetReport } from '../../prune/report.js'
import { inlineMarkup, render, tokens } from '../helpers/hostile.js'

const gha: TargetReport = {
  target: 'gha',
  deleted: [
    { what: 'npm-a (refs/pull/1/merge)', why: 'PR #1 closed', bytes: 1500 },
    { what: 'key|with<pipe>', why: 'stale', bytes: 500 }
  ],
  failed: [{ what: 'npm-b (refs/heads/x)', why: 'branch x deleted', bytes: 10, error: 'HTTP 500: boom' }],
  kept: 7,
  notes: ['2 entries were already gone when deleted'],
  warnings: ['1 deletions failed after retries; the next run retries them']
}
const builder: TargetReport = { target: 'builder', deleted: [], failed: [], kept: 3, notes: [], warnings: [] }

test('totals add up over targets', () =>
  expect(totals([gha, builder])).toEqual({
    deletedCount: 2,
    deletedBytes: 2000,
    keptCount: 10,
    failedCount: 1
  }))

test('the summary: a what / why / size table per target, counts, then warnings and notes', () => {
  expect(String(renderSummary([gha, builder], false))).toBe(
    [
      '### prune: gha',
      '',
      '| what | why | size |',
      '| --- | --- | ---: |',
      '| npm-a (refs/pull/1/merge) | PR #1 closed | 1.50kB |',
      '| key&#124;with&#60;pipe&#62; | stale | 500B |',
      '| npm-b (refs/heads/x) | branch x deleted — not deleted: HTTP 500: boom | 10B |',
      '',
      '2 deleted, 2.00kB; 7 kept; 1 failed',
      '',
      '> 1 deletions failed after retries; the next run retries them',
      '',
      '> 2 entries were already gone when deleted',
      '',
      '### prune: builder',
      '',
      '0 deleted, 0B; 3 kept'
    ].join('\n')
  )
})

test('a dry run says so; long lists are cut, counts stay exact', () => {
  const many: TargetReport = {
    ...builder,
    deleted: Array.from({ length: SUMMARY_ROWS + 5 }, (_, i) => ({ what: `r${i}`, why: 'x', bytes: 1 }))
  }
  const md = String(renderSummary([many], true))
  expect(md).toContain('### prune: builder (dry run)')
  expect(md).toContain('| … 5 more |  |  |')
  expect(md).toContain(`${SUMMARY_ROWS + 5} would delete, 505B; 3 kept`)
  expect(md.split('\n').filter(l => l.startsWith('| r'))).toHaveLength(SUMMARY_ROWS)
})

test('cache keys a pull request wrote render as text: no link, no remote image, no HTML, no extra cell', () => {
  const keys = [
    'x [link](https://evil.example/a)',
    '![img](https://evil.example/p.png)',
    '<img src="https://evil.example/p.png">',
    'https://evil.example/b www.evil.example c@evil.example',
    '| extra | cells |',
    '`code` **bold** ~~gone~~ $math$'
  ]
  const report: TargetReport = {
    ...builder,
    target: 'gha',
    deleted: keys.map(k => ({ what: `${k} (refs/pull/9/merge)`, why: `key prefix '${k}'`, bytes: 1 })),
    notes: keys.map(k => `spared ${k}: referenced`)
  }
  const md = String(renderSummary([report], false))
  expect(inlineMarkup(md)).toEqual([])
  expect(render(md)).not.toMatch(/<(a|img|script|code|strong|em|del)\b/)
  const table = tokens(md).find(t => t.type === 'table') as unknown as { rows: unknown[][] }
  expect(table.rows).toHaveLength(keys.length)
  for (const row of table.rows) expect(row).toHaveLength(3)
  // The text reads as it was given.
  const text = render(md).replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
  for (const k of keys) expect(text).toContain(k)
})

test('grouped items get a table of their own, after the ungrouped ones', () => {
  const registry: TargetReport = {
    ...builder,
    target: 'registry',
    deleted: [
      { what: 'r/app:1.0@sha256:1 (index)', why: 'stale index', bytes: 1, group: 'images' },
      { what: 'r/app:buildcache-pr-1@sha256:2 (cache)', why: 'stale cache', bytes: 2 }
    ]
  }
  expect(
    String(renderSummary([registry], true))
      .split('\n')
      .filter(l => /^(####|\| r)/.test(l))
  ).toEqual([
    '| r/app:buildcache-pr-1&#64;sha256:2 (cache) | stale cache | 2B |',
    '#### images',
    '| r/app:1.0&#64;sha256:1 (index) | stale index | 1B |'
  ])
})
