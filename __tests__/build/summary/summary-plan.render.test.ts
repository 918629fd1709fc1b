// The summary as GitHub shows it: its markdown rendered, the Mermaid block drawn by the mermaid package
// in headless Chromium (Debian's, scripts/chromium.sh), the picture read back from the page. Screenshots
// are kept under test-results/summary/.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { markLazyCacheLoads } from '../../../build/progress.js'
import { parseProgress, summarize } from '../../../build/progress.js'
import { gantt, ganttBars } from '../../../build/summary/gantt.js'
import { buildSummaryMarkdown } from '../../../build/summary/summary-plan.js'
import { repoRoot } from '../../../test-support/engine.js'
import { CHROMIUM, renderSummary } from '../../../test-support/render.mjs'
import { fixture } from '../../helpers/build.js'
import { buildSummary, timed } from '../../helpers/summary.js'

const shots = join(repoRoot, 'test-results', 'summary')
const CLASS = {
  ran: /\btask\d\b/,
  nocache: /\btask\d\b/,
  cached: /\bdone\d\b/,
  failed: /\bcrit\d\b/,
  canceled: /\bactive\d\b/
}

beforeAll(() => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run scripts/chromium.sh (apt-get install chromium)`)
})

test('a rebuild (timed log): one bar per step, the cached ones grey, on a clock axis', async () => {
  const { lines, times } = timed('sid-timed')
  const steps = markLazyCacheLoads(parseProgress(lines, times))
  const s = buildSummary('sid-warm', { steps })
  s.report.cache = summarize(steps)
  const { bars } = gantt(steps)!
  const page = await renderSummary(String(buildSummaryMarkdown(s)), {
    screenshot: join(shots, 'rebuild.png')
  })
  expect(page.consoleErrors).toEqual([])
  expect(page.charts).toHaveLength(1)
  const [chart] = page.charts
  expect(chart.error).toBeUndefined()
  expect(chart.rendered).toBe(true)
  expect(chart.bars).toHaveLength(bars.length)
  // Each task drawn (rect id chart1-s<n>) with the class its state asks for.
  const drawn = new Map(chart.bars.map(b => [b.id, b]))
  expect([...drawn.keys()].sort()).toEqual(bars.map(b => `chart1-${b.id}`).sort())
  for (const b of bars) expect(drawn.get(`chart1-${b.id}`)!.class).toMatch(CLASS[b.state])
  expect(chart.bars.filter(b => /\bdone\d\b/.test(b.class))).toHaveLength(3)
  expect(chart.bars.every(b => b.width > 0)).toBe(true)
  // The 2.4 s RUN is the widest bar.
  const widest = chart.bars.reduce((a, b) => (b.width > a.width ? b : a))
  expect(bars.find(b => `chart1-${b.id}` === widest.id)!.label).toContain('sleep 2')
  expect(chart.sections).toEqual(['BuildKit', 'deps', 'stage-1'])
  expect(chart.ticks.slice(0, 2)).toEqual(['00:00.500', '00:01.000'])
  expect(chart.labels.map(l => l.trim())).toContain(
    '[4/4] RUN cat /src/app.txt && sleep 2 && echo "app built"'
  )
  // The rest of the summary as text, as a reader sees it.
  expect(page.text).toContain('localhost:5556/app:1 built')
  expect(page.text).toContain('3/5 (60%)')
}, 60000)

test('a failed build: the failed step red, its log lines shown', async () => {
  const s = buildSummary('sid-error', { error: 'buildx build failed (exit 1)' })
  const bars = ganttBars(s.steps)
  const page = await renderSummary(String(buildSummaryMarkdown(s)), { screenshot: join(shots, 'failed.png') })
  const [chart] = page.charts
  expect(chart.error).toBeUndefined()
  expect(chart.bars).toHaveLength(bars.length)
  expect(chart.bars.filter(b => /\bcrit\d\b/.test(b.class))).toHaveLength(1)
  expect(page.text).toContain('Failed step [2/2] RUN echo "NONCE" && echo about to fail && exit 3')
  expect(page.text).toMatch(/about to fail\nERROR: process/)
}, 60000)

test('a cold build from a log without times, on trixie: steps end to end', async () => {
  const steps = markLazyCacheLoads(parseProgress(fixture('trixie-cold')))
  const page = await renderSummary(String(buildSummaryMarkdown(buildSummary('trixie-cold', { steps }))), {
    screenshot: join(shots, 'cold.png')
  })
  const [chart] = page.charts
  expect(chart.error).toBeUndefined()
  const bars = ganttBars(steps)
  expect(chart.bars).toHaveLength(bars.length)
  expect(chart.bars.filter(b => /\bdone\d\b/.test(b.class))).toHaveLength(
    bars.filter(b => b.state === 'cached').length
  )
}, 60000)
