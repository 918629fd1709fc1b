import { parseProgress } from '../../../build/progress.js'
import { markLazyCacheLoads } from '../../../build/progress.js'
import {
  axis,
  clock,
  gantt,
  ganttBars,
  chartLabel,
  sectionOf,
  MAX_BARS
} from '../../../build/summary/gantt.js'
import { fixture } from '../../helpers/build.js'
import { timed } from '../../helpers/summary.js'

describe('sections', () => {
  it('takes the stage (and platform) from the step name, internal vertices to BuildKit', () => {
    expect(sectionOf('[deps 2/4] RUN make')).toEqual({ section: 'deps', label: '[2/4] RUN make' })
    expect(sectionOf('[2/3] RUN make')).toEqual({ section: 'Dockerfile', label: '[2/3] RUN make' })
    expect(sectionOf('[linux/arm64 deps 1/4] FROM x')).toEqual({
      section: 'linux/arm64 deps',
      label: '[1/4] FROM x'
    })
    expect(sectionOf('[internal] load .dockerignore').section).toBe('BuildKit')
    expect(sectionOf('[linux/amd64 internal] load metadata for x').section).toBe('BuildKit')
    expect(sectionOf('exporting to image')).toEqual({ section: 'BuildKit', label: 'exporting to image' })
  })
})

describe('bars from a timed log (arrival times)', () => {
  const { lines, times } = timed('sid-timed')
  const steps = markLazyCacheLoads(parseProgress(lines, times))
  const bars = ganttBars(steps)

  it('keeps when each step appeared and ended', () => {
    const run = steps.find(s => s.name.includes('sleep 2'))!
    expect(run).toMatchObject({ startMs: 401, endMs: 2663, durationMs: 2400 })
  })

  it('one bar per step that ended; the RUN that ran ends at its DONE line and lasts its duration', () => {
    expect(bars).toHaveLength(steps.length)
    const run = bars.find(b => b.label.includes('sleep 2'))!
    expect(run).toMatchObject({ state: 'ran', section: 'stage-1', startMs: 263, endMs: 2663 })
    expect(bars.filter(b => b.state === 'cached').map(b => b.label)).toEqual([
      '[2/3] RUN echo "toolchain" › /toolchain && sleep 1'.replace('›', '>'),
      '[3/3] RUN echo "libraries" › /libraries'.replace('›', '>'),
      '[2/4] COPY --from=deps /toolchain /libraries /opt/'
    ])
  })

  it('every bar is at least 1% of the chart wide (a cache hit shows)', () => {
    const total = Math.max(...bars.map(b => b.endMs))
    for (const b of bars) expect(b.endMs - b.startMs).toBeGreaterThanOrEqual(Math.round(total / 100))
  })
})

describe('bars from a log without times', () => {
  it('lays the steps end to end in log order, each as long as BuildKit says', () => {
    const bars = ganttBars(markLazyCacheLoads(parseProgress(fixture('sid-cold'))))
    for (let i = 1; i < bars.length; i++) expect(bars[i].startMs).toBeGreaterThanOrEqual(bars[i - 1].startMs)
    expect(bars.some(b => b.endMs - b.startMs >= 1000)).toBe(true) // the RUN with `sleep 1`
  })

  it('marks the failed step and leaves the steps that never ended out', () => {
    const steps = parseProgress(fixture('sid-error'))
    const bars = ganttBars(steps)
    expect(bars.filter(b => b.state === 'failed')).toHaveLength(1)
    expect(bars.find(b => b.state === 'failed')!.label).toMatch(/exit 3/)
  })
})

describe('the Mermaid source', () => {
  it('is a gantt on a clock axis: one task per bar, tagged by state, in sections', () => {
    const { lines, times } = timed('sid-timed')
    const g = gantt(markLazyCacheLoads(parseProgress(lines, times)))!
    const src = g.mermaid.split('\n')
    expect(src.slice(0, 5)).toEqual([
      'gantt',
      '  dateFormat HH:mm:ss.SSS',
      '  axisFormat %M:%S.%L',
      '  tickInterval 500millisecond',
      '  todayMarker off'
    ])
    expect(src.filter(l => /^ {2}section /.test(l))).toEqual([
      '  section BuildKit',
      '  section deps',
      '  section stage-1'
    ])
    const tasks = src.filter(l => / :.*s\d+, \d\d:\d\d:\d\d\.\d{3}, \d\d:\d\d:\d\d\.\d{3}$/.test(l))
    expect(tasks).toHaveLength(g.bars.length)
    expect(tasks.filter(l => l.includes(':done, '))).toHaveLength(3)
    expect(src).toContain(
      '    '.slice(2) +
        '#91;4/4#93; RUN cat /src/app.txt #38;#38; sleep 2 #38;#38; echo #34;app built#34; :s11, 00:00:00.263, 00:00:02.663'
    )
  })

  it('labels through the summary door, a base image without its digest', () => {
    expect(chartLabel('FROM localhost:5556/busybox:latest@sha256:' + 'a'.repeat(64))).toBe(
      'FROM localhost#58;5556/busybox#58;latest'
    )
    expect(chartLabel('RUN echo "#1; 100%" > <out>')).toBe(
      'RUN echo #34;#35;1#59; 100#37;#34; #62; #60;out#62;'
    )
    expect(chartLabel('section of a name')).toBe('#8203;section of a name')
    expect([...chartLabel('x'.repeat(100))]).toHaveLength(70)
  })

  it('keeps the longest steps of a very long build, and says how many are left out', () => {
    const steps = Array.from({ length: MAX_BARS + 5 }, (_, i) => ({
      id: `#${i + 1}`,
      name: `[${i + 1}/${MAX_BARS + 5}] RUN step ${i}`,
      cached: i % 17 === 0, // 5 cache hits: the shortest bars
      durationMs: i % 17 === 0 ? undefined : 100_000,
      lines: []
    }))
    const g = gantt(steps)!
    expect(g.bars).toHaveLength(MAX_BARS)
    expect(g.omitted).toBe(5)
    expect(g.bars.filter(b => b.state === 'cached')).toEqual([])
  })

  it('nothing to draw: no chart', () => {
    expect(gantt([])).toBeUndefined()
  })

  it('ticks: at most ten, labelled to suit', () => {
    expect(axis(2600)).toEqual({ tickInterval: '500millisecond', axisFormat: '%M:%S.%L' })
    expect(axis(45_000)).toEqual({ tickInterval: '5second', axisFormat: '%M:%S' })
    expect(axis(5 * 3_600_000)).toEqual({ tickInterval: '30minute', axisFormat: '%H:%M' })
    expect(clock(3_723_045)).toBe('01:02:03.045')
  })
})
