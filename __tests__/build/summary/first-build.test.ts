import { jest } from '@jest/globals'
// A first build reads a registry cache nobody has written yet: BuildKit marks that import failed and
// builds on. The step's log, summary and report line say "no cache yet", never a failure (captured
// first builds on both engines: fixtures/progress/<suite>-first.txt).
import { parseCacheEntry } from '../../../build/cache/entries.js'
import type { BuildInputs, Built } from '../../../build/model.js'
import { runBuild } from '../../../build/engine/run-build.js'
import { markMissingCache, parseProgress } from '../../../build/progress.js'
import { buildReport, reportLine } from '../../../build/report.js'
import { buildSummaryMarkdown } from '../../../build/summary/summary-plan.js'
import type { Command, Result, RunOptions } from '../../../lib/exec.js'
import { fixture } from '../../helpers/build.js'
import { summaryText } from '../../helpers/refs.js'
import { buildSummary } from '../../helpers/summary.js'
import { stdout } from '../../../lib/runtime.js'

const replay =
  (text: string, code = 0) =>
  async (_: Command, o: RunOptions): Promise<Result> => {
    for (const l of text.split('\n')) o.onLine?.(l, 'stderr')
    return { code, stdout: '', stderr: text }
  }

describe.each([
  ['trixie', 'localhost:5555'],
  ['sid', 'localhost:5556']
])('%s: a first build with cache-from a registry ref not written yet', (suite, registry) => {
  const ref = `${registry}/sumcap-NONCE:buildcache`

  test('the import step: no cache yet, no error', () => {
    const steps = markMissingCache(parseProgress(fixture(`${suite}-first`)))
    const s = steps.find(x => x.name.startsWith('importing cache manifest'))!
    expect(s).toMatchObject({ noCache: ref, error: undefined })
    expect(s.lines.at(-1)).toMatch(/^ERROR: failed to configure registry cache importer: .*: not found$/)
    expect(steps.filter(x => x.error !== undefined)).toEqual([])
  })

  test('the summary and the report line say "no cache yet", nothing failed', async () => {
    const write = jest.spyOn(stdout, 'write').mockImplementation((() => true) as never)
    const run = await runBuild(['buildx', 'build'], 'plain', {
      exec: replay(fixture(`${suite}-first`))
    }).finally(() => write.mockRestore())
    const read = [parseCacheEntry(`type=registry,ref=${ref}`, 'cache-from')]
    const built = { run, read, written: [], metadata: {}, imageid: '' } as unknown as Built
    const report = buildReport({ tags: ['r/app:1'], platforms: [] } as unknown as BuildInputs, built, '')
    const md = summaryText(
      String(buildSummaryMarkdown(buildSummary(`${suite}-first`, { report, steps: run.vertices })))
    )
    expect(md).not.toMatch(/failed|red/)
    expect(md).toContain(`<td>${ref} (no cache yet)</td>`)
    expect(md).toContain('1 cache import: no cache yet (a first build)')
    expect(md).toContain(`no cache yet#58; ${ref.replace(/:/g, '#58;')}`)
    expect(reportLine(report)).toMatch(
      new RegExp(`; no cache yet at ${ref} \\(a first build\\); build took `)
    )
  })
})

test('an import that fails otherwise stays an error', () => {
  const text = [
    '#4 importing cache manifest from r.example/app:buildcache',
    '#4 ERROR: failed to configure registry cache importer: failed to authorize: 401 Unauthorized'
  ].join('\n')
  const [s] = markMissingCache(parseProgress(text))
  expect(s.error).toMatch(/401 Unauthorized/)
  expect(s.noCache).toBeUndefined()
})
