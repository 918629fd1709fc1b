// The build's summary with hostile values in every place a value goes (image, tags, steps, their log
// lines, the error, cache refs, cache mounts, inputs): it renders no markup but the summary's own, and a
// secret-bearing input shows its ids and nothing else.
import { generateKeyPairSync } from 'node:crypto'
import fc from 'fast-check'
import {
  buildSummaryMarkdown,
  summaryInputs,
  type BuildSummary
} from '../../../build/summary/summary-plan.js'
import { hostile, render } from '../../helpers/hostile.js'
import { summaryText } from '../../helpers/refs.js'
import { buildSummary } from '../../helpers/summary.js'

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs1',
  format: 'pem'
}) as string
const keyLines = pem.trim().split('\n')

describe('secret-bearing inputs: ids only', () => {
  test.each([
    ['quoted, one entry', `"key=${pem.trim()}"\nnpm=tok`],
    ['unquoted: each line an entry', `key=${pem.trim()}\nnpm=tok`],
    ['the key ending in =', `key=${pem.trim()}=`]
  ])('a PEM key in secrets (%s) leaves no line of it in the summary', (_, secrets) => {
    expect(keyLines.length).toBeGreaterThanOrEqual(26)
    const inputs = summaryInputs({
      INPUT_TAGS: 'r/app:1',
      INPUT_SECRETS: secrets,
      'INPUT_SECRET-ENVS': 'gh=GH_TOKEN_VALUE_ENV',
      'INPUT_SECRET-FILES': 'cfg=/home/runner/secret-file-path',
      'INPUT_GITHUB-TOKEN': 'ghs_tokenvalue'
    })
    const md = String(buildSummaryMarkdown(buildSummary('sid-warm', { inputs })))
    for (const text of [md, summaryText(md)]) {
      for (const line of keyLines) expect(text).not.toContain(line)
      for (const part of ['GH_TOKEN_VALUE_ENV', 'secret-file-path', 'ghs_tokenvalue', 'tok\n'])
        expect(text).not.toContain(part)
    }
    expect(Object.fromEntries(inputs)).toMatchObject({ 'secret-envs': 'gh', 'secret-files': 'cfg' })
    expect(inputs.find(([n]) => n === 'secrets')![1]).toMatch(/^key(, (\?|npm))*$/)
  })
})

// The tags the summary writes itself; any other tag in the rendered page came from a value.
const OWN_TAGS = /^(h3|table|tr|th|td|code|br|p|strong|details|summary|sub|pre)$/

describe('hostile values', () => {
  const summary = (v: string[]): BuildSummary => {
    const at = (i: number) => v[i % v.length]
    return {
      ...buildSummary('sid-warm'),
      report: {
        image: at(0),
        platforms: [at(1)],
        digest: at(2),
        durationMs: 1200,
        cache: { hits: 1, misses: 1, total: 2, ratio: 0.5, executedMs: 900 },
        read: [{ type: 'registry', attrs: { ref: at(3) } }],
        written: [{ type: 'gha', attrs: { scope: at(4) } }]
      },
      tags: [at(0), at(5)],
      leg: { arch: at(6), platform: at(7) },
      error: at(8),
      steps: [
        { id: '#1', name: at(9), cached: true, lines: [], startMs: 0, endMs: 10 },
        {
          id: '#2',
          name: `[2/2] ${at(10)}`,
          cached: false,
          lines: [at(11)],
          error: at(12),
          startMs: 10,
          endMs: 900
        }
      ],
      inputs: [
        ['tags', at(13)],
        ['secrets', summaryInputs({ INPUT_SECRETS: at(14) })[0]?.[1] ?? '']
      ],
      mounts: {
        mounts: [
          { name: at(15), restored: { key: at(16), bytes: 1, entries: 1 }, injected: at(17), notes: [at(18)] }
        ],
        ms: { restore: 10 },
        readOnly: at(19)
      }
    }
  }

  test('a failed step named with a link renders no link', () => {
    const md = String(buildSummaryMarkdown(summary(['x [link](https://evil.example) <img src=x>'])))
    expect(render(md)).not.toMatch(/<(a|img)\b/)
    expect(summaryText(md)).toContain('x [link](https://evil.example) <img src=x>')
  })

  test('property: no value adds markup, a link, an image or a chart line', () => {
    fc.assert(
      fc.property(fc.array(hostile(), { minLength: 1, maxLength: 20 }), values => {
        const md = String(buildSummaryMarkdown(summary(values)))
        const html = render(md)
        const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map(m => m[1].toLowerCase())
        expect(tags.filter(t => !OWN_TAGS.test(t))).toEqual([])
        // The chart: its own lines only, each task a label of plain characters and entity codes.
        const chart = /```+mermaid\n([\s\S]*?)\n```+/.exec(md)![1].split('\n')
        for (const l of chart.slice(5))
          expect(l).toMatch(
            /^ {2}(section (?:[\p{L}\p{N} ._/+,()-]|#\d+;)+…?|(?:[\p{L}\p{N} ._/+,()-]|#\d+;)+…? :(?:(?:done|crit|active), )?s\d+, [\d:.]+, [\d:.]+)$/u
          )
      }),
      { numRuns: 200 }
    )
  })
})
