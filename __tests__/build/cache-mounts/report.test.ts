import { summaryText } from '../../helpers/refs.js'
import { mountsSummary, phaseTimes, type MountsReport } from '../../../build/cache-mounts/report.js'

const report: MountsReport = {
  mounts: [
    {
      name: '/root/.cache/go-build',
      restored: { key: 'buildx-mount-a-1', bytes: 2048, entries: 12 },
      injected: 'unpacked into the empty mount',
      saved: { key: 'buildx-mount-a-2', bytes: 4096, entries: 20 },
      notes: []
    },
    { name: 'id=<b>', notes: ['no archive yet (buildx-mount-b-*); starts empty'] }
  ],
  ms: { restore: 1234, inject: 800, extract: 950, save: 2100 }
}

test('the phases that ran, in order', () => {
  expect(phaseTimes(report)).toBe('restore 1.2s · inject 0.8s · extract 0.9s · save 2.1s')
  expect(phaseTimes({ mounts: [], ms: { restore: 50 } })).toBe('restore 0.1s')
})

test('the summary: times, a row per mount, user text escaped, read-only said', () => {
  const md = String(
    mountsSummary({
      ...report,
      readOnly: 'a pull_request run reads the mounts and never writes them'
    })
  )
  expect(summaryText(md)).toContain(
    '**Cache mounts** (restore 1.2s · inject 0.8s · extract 0.9s · save 2.1s). Not saved: a pull_request run reads the mounts and never writes them.'
  )
  expect(md).toContain(
    '<tr><td><code>/root/.cache/go-build</code></td><td><code>buildx-mount-a-1</code> (2.05kB, 12 entries), unpacked into the empty mount</td><td><code>buildx-mount-a-2</code> (4.10kB, 20 entries)</td><td>–</td></tr>'
  )
  expect(md).toContain(
    '<td><code>id=&#60;b&#62;</code></td><td>–</td><td>–</td><td>no archive yet (buildx-mount-b-&#42;); starts empty</td>'
  )
})
