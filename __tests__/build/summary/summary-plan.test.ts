import {
  buildSummaryMarkdown as markdown,
  failedStep,
  formatSize,
  mergeSummaryMarkdown as mergeMarkdown,
  recordMarkdown as recordMarkup,
  summaryInputs,
  yamlLines,
  type BuildSummary,
  type MergeSummary
} from '../../../build/summary/summary-plan.js'
import { buildSummary } from '../../helpers/summary.js'
import { summaryText } from '../../helpers/refs.js'

// The summary door's markup as the text it is.
const buildSummaryMarkdown = (s: BuildSummary) => String(markdown(s))
const mergeSummaryMarkdown = (m: MergeSummary) => String(mergeMarkdown(m))
const recordMarkdown = (...a: Parameters<typeof recordMarkup>) => String(recordMarkup(...a))
const recordText = (...a: Parameters<typeof recordMarkup>) => summaryText(recordMarkdown(...a))

describe('a build', () => {
  it('passed: status, the cache table, the chart, the inputs', () => {
    const md = buildSummaryMarkdown(buildSummary('sid-warm'))
    expect(md).toMatch(/^### ✅ <code>localhost:5556\/app:1<\/code> built\n/)
    expect(md).toContain('<td>localhost:5556/app:1</td><td>linux/amd64</td>')
    expect(md).toContain('<td>4/6 (67%)')
    expect(md).toContain('```mermaid\ngantt\n')
    expect(md).toMatch(/<sub>\d+ ran · 4 from the cache \(grey\)<\/sub>/)
    expect(md).toContain('```yaml\ntags: localhost:5556/app:1\n```')
    expect(md).not.toContain('Failed step')
  })

  it('failed: the failing step and its last log lines, BuildKit error last', () => {
    const md = buildSummaryMarkdown(
      buildSummary('sid-error', { error: 'buildx build failed (exit 1): ERROR: failed to build' })
    )
    expect(md).toMatch(/^### ❌ <code>localhost:5556\/app:1<\/code> failed\n/)
    expect(md).toContain(
      '**Failed step** <code>&#91;2/2&#93; RUN echo &#34;NONCE&#34; &#38;&#38; echo about to fail &#38;&#38; exit 3</code>'
    )
    expect(md).toMatch(/```text\n[\d.]+ NONCE\n[\d.]+ about to fail\nERROR: process "\/bin\/sh -c echo/)
    expect(md).toContain('```text\nbuildx build failed (exit 1): ERROR: failed to build\n```')
    expect(md).toContain('1 failed (red)')
  })

  it('a failure outside the steps (a push, a hand-off): the error', () => {
    const md = buildSummaryMarkdown(buildSummary('sid-warm', { error: 'arch amd64: no digest' }))
    expect(md).toContain('**Error**\n\n```text\narch amd64: no digest\n```')
  })

  it('a matrix leg says its arch', () => {
    const md = buildSummaryMarkdown(
      buildSummary('sid-warm', { leg: { arch: 'arm64v8', platform: 'linux/arm64/v8' } })
    )
    expect(md.split('\n')[0]).toBe(
      '### ✅ <code>localhost:5556/app:1</code> built — matrix leg <code>arm64v8</code> (linux/arm64/v8)'
    )
  })

  it('the last 20 lines of the failed step', () => {
    const steps = [
      {
        id: '#1',
        name: '[1/1] RUN x',
        cached: false,
        error: 'boom',
        lines: Array.from({ length: 30 }, (_, i) => `l${i}`)
      }
    ]
    expect(failedStep(steps)!.lines).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `l${i + 10}`),
      'ERROR: boom'
    ])
  })
})

describe('pieces', () => {
  it('inputs as the peer lists them: no empty or false ones, no token, secrets by id', () => {
    expect(
      summaryInputs({
        INPUT_TAGS: 'a:1',
        INPUT_PUSH: 'false',
        INPUT_FILE: '',
        'INPUT_GITHUB-TOKEN': 'ghs_x',
        INPUT_SECRETS: 'npm=s3cret\ngh=tok',
        'INPUT_BUILD-ARGS': 'A=1\nB=2',
        PATH: '/bin'
      })
    ).toEqual([
      ['build-args', 'A=1\nB=2'],
      ['secrets', 'npm, gh'],
      ['tags', 'a:1']
    ])
    expect(
      yamlLines([
        ['build-args', 'A=1\nB=2'],
        ['context', '.'],
        ['target', 'a: b'],
        ['x', '#y']
      ])
    ).toBe('build-args: |\n  A=1\n  B=2\ncontext: .\ntarget: "a: b"\nx: "#y"')
  })

  it('sizes as the peer', () => {
    expect([formatSize(0), formatSize(8738), formatSize(3 * 1024 * 1024)]).toEqual([
      '0 Bytes',
      '8.53 KB',
      '3 MB'
    ])
  })
})

describe('a merge', () => {
  it('lists the legs it joined', () => {
    const md = mergeSummaryMarkdown({
      image: 'r/app',
      tags: ['r/app:1', 'r/app:latest'],
      digest: 'sha256:idx',
      legs: [
        { arch: 'amd64', platform: 'linux/amd64', digest: 'sha256:a', attempt: '1' },
        { arch: 'arm64v8', platform: 'linux/arm64/v8', digest: 'sha256:b', attempt: '2' }
      ]
    })
    expect(md).toContain('one multi-arch index of 2 legs')
    expect(md).toContain('<td>r/app:1<br>r/app:latest</td><td><code>sha256:idx</code></td>')
    expect(md).toContain(
      '<tr><td>arm64v8</td><td>linux/arm64/v8</td><td><code>sha256:b</code></td><td>2</td></tr>'
    )
  })
})

describe('the build record line', () => {
  it('links the artifact relative to the run page, with size and retention', () => {
    const md = recordMarkdown(
      'r/app:1',
      { kind: 'exported', file: 'a~b~ABC.dockerbuild', size: 2048, artifact: { id: 7, retentionDays: 3 } },
      '42'
    )
    expect(md).toContain(
      '<a href="./42/artifacts/7"><strong>a&#126;b&#126;ABC.dockerbuild</strong></a> (2 KB, kept 3 days)'
    )
  })

  it('says why there is none or why it was not uploaded', () => {
    expect(recordMarkdown('x', { kind: 'unsupported', buildx: '0.13.1' }, '1')).toContain(
      'none, buildx 0.13.1 has no history export: <code>buildx history export</code> came with buildx 0.23'
    )
    expect(
      recordText(
        'x',
        {
          kind: 'exported',
          file: 'f.dockerbuild',
          size: 1,
          notUploaded: 'DOCKER_BUILD_RECORD_UPLOAD is false'
        },
        '1'
      )
    ).toContain('not uploaded: DOCKER_BUILD_RECORD_UPLOAD is false')
  })
})
