// Mermaid labels through the summary door, drawn by the mermaid package in headless Chromium (as
// GitHub draws them): the chart renders and each label reads as the text it was given.
import { existsSync } from 'node:fs'
import { mermaidLabel } from '../../lib/summary-doc.js'
import { CHROMIUM, renderSummary } from '../../test-support/render.mjs'

beforeAll(() => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run scripts/chromium.sh (apt-get install chromium)`)
})

test('hostile gantt labels: drawn as their text, the chart intact', async () => {
  const labels = [
    'RUN make: all; echo #1 %% done',
    'click s1 call alert() <img src=x>',
    'section X :crit, s9, 0, 1',
    'title & "quotes" \'too\' `tick` [l](https://x.example)',
    'Ünïcödé 😀 ~ $ ^ { } = ! ? *'
  ]
  const tasks = labels.map((l, i) => `    ${mermaidLabel(l)} :s${i + 1}, ${i * 1000}, ${i * 1000 + 900}`)
  const markdown = [
    '```mermaid',
    'gantt',
    '    dateFormat x',
    '    axisFormat %S',
    '    section s',
    ...tasks,
    '```'
  ].join('\n')
  const page = await renderSummary(markdown)
  const [chart] = page.charts
  expect(chart.error).toBeUndefined()
  expect(chart.rendered).toBe(true)
  expect(chart.bars).toHaveLength(labels.length)
  expect(chart.labels.map(l => l.replace(/\u200b/g, '').trim())).toEqual(labels)
}, 60000)
