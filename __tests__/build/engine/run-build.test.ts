import { parseProgress, summarize } from '../../../build/progress.js'
import type { Command, Result, RunOptions } from '../../../lib/exec.js'
import { buildFailure } from '../../../build/engine/refused.js'
import { printGrouped, runBuild } from '../../../build/engine/run-build.js'
import { markLazyCacheLoads } from '../../../build/progress.js'
import { jest } from '@jest/globals'
import { workflowCommands } from '../../../test-support/runner.mjs'
import { runnerCommands } from '../../helpers/hostile.js'
import { fixture } from '../../helpers/build.js'
import { stdout } from '../../../lib/runtime.js'

describe('build log', () => {
  const fake =
    (text: string, code = 0) =>
    async (c: Command, o: RunOptions): Promise<Result> => {
      expect(c.cmd).toBe('docker')
      for (const l of text.split('\n')) o.onLine?.(l, 'stderr')
      return { code, stdout: '', stderr: text }
    }
  const evil = '#9 ::error::from the Dockerfile'
  // The build log goes through the log door (lib/runtime.ts): what it writes to stdout, line by line.
  let out: string[] = []
  beforeEach(() => {
    out = []
    jest.spyOn(stdout, 'write').mockImplementation(((s: string) => (out.push(s), true)) as never)
  })
  afterEach(() => jest.restoreAllMocks())
  const printed = () => out.join('').replace(/\n$/, '').split('\n')

  test('plain: streamed inside stop-commands, parsed into steps', async () => {
    const text = `${fixture('sid-warm')}\n${evil}`
    const r = await runBuild(['buildx', 'build'], 'plain', { exec: fake(text) })
    const lines = printed()
    expect(lines[0]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/)
    expect(lines.at(-1)).toBe(`::${lines[0].slice('::stop-commands::'.length)}::`)
    expect(lines.slice(1, -1)).toEqual(text.split('\n'))
    expect(workflowCommands(lines.join('\n'))).toEqual([])
    expect(runnerCommands(out.join(''))).toEqual([])
    expect(summarize(r.vertices).hits).toBe(4)
    expect(r.code).toBe(0)
  })

  test.each([0, 1])(
    "onExit: buildx's exit code (%d) once it has ended, before its log is read back",
    async code => {
      const order: string[] = []
      const exec = async (_: Command, o: RunOptions): Promise<Result> => {
        for (const l of ['#1 [1/1] RUN true', '#1 DONE 0.1s']) o.onLine?.(l, 'stderr')
        order.push('exec resolved')
        return { code, stdout: '', stderr: '' }
      }
      // log: grouped prints the steps' groups once the log is read back: none is printed at onExit.
      const groups = () => out.join('').split('::group::').length - 1
      const onExit = (c: number) => order.push(`exit ${c}, groups printed: ${groups()}`)
      const run = await runBuild(['buildx', 'build'], 'grouped', { exec, onExit })
      expect(run.code).toBe(code)
      expect(order).toEqual(['exec resolved', `exit ${code}, groups printed: 0`])
      expect(groups()).toBe(1)
    }
  )

  test('onExit: not called when buildx could not run', async () => {
    const exits: number[] = []
    const failing = async (): Promise<Result> => {
      throw new Error('command not found: docker')
    }
    await expect(
      runBuild(['buildx', 'build'], 'plain', { exec: failing, onExit: c => exits.push(c) })
    ).rejects.toThrow('command not found')
    expect(exits).toEqual([])
  })

  test('plain: the block is closed when the command cannot run', async () => {
    const failing = async (): Promise<Result> => {
      throw new Error('command not found: docker')
    }
    await expect(runBuild(['buildx', 'build'], 'plain', { exec: failing })).rejects.toThrow(
      'command not found'
    )
    const lines = printed()
    expect(lines).toEqual([expect.stringMatching(/^::stop-commands::/), `::${lines[0].slice(17)}::`])
    // A command that throws before it returns a promise: the same.
    out = []
    const throwing = (): Promise<Result> => {
      throw new Error('cannot run docker: too long')
    }
    await expect(runBuild(['buildx', 'build'], 'plain', { exec: throwing })).rejects.toThrow('too long')
    expect(printed()).toEqual([
      expect.stringMatching(/^::stop-commands::/),
      expect.stringMatching(/^::[0-9a-f-]{36}::$/)
    ])
  })

  test('grouped: one group per step in step order, after the build; error summary last', async () => {
    const text = `${fixture('trixie-error')}\n${evil}`
    const r = await runBuild(['buildx', 'build'], 'grouped', { exec: fake(text, 1) })
    expect(r.code).toBe(1)
    const commands = workflowCommands(printed().join('\n'))
    const groups = commands.filter(c => c.command === 'group').map(c => c.message)
    expect(groups).toEqual(r.vertices.map(s => expect.stringContaining(`${s.id} ${s.name}`)))
    expect(commands.filter(c => c.command === 'endgroup')).toHaveLength(groups.length)
    expect(commands.filter(c => !['group', 'endgroup'].includes(c.command))).toEqual([])
    expect(runnerCommands(out.join('')).filter(c => !['group', 'endgroup'].includes(c.name))).toEqual([])
    expect(groups.some(g => / \(ERROR\)$|ERROR/.test(g))).toBe(true)
    // The lines after the groups: buildx's error summary, guarded too.
    expect(printed().join('\n')).toMatch(
      /::endgroup::\n::stop-commands::[^\n]+\n[\s\S]*ERROR: [\s\S]*\n::[0-9a-f-]{36}::$/
    )
  })

  test('grouped titles are escaped, and a title cannot end the group or open another', () => {
    printGrouped([{ id: '#1', name: '[1/2] RUN echo 100%\n::endgroup::', cached: true, lines: ['x'] }], [])
    const lines = printed()
    expect(lines[0]).toBe('::group::#1 [1/2] RUN echo 100%25%0A::endgroup:: (CACHED)')
    expect(lines[1]).toMatch(/^::stop-commands::([0-9a-f-]{36})$/)
    expect(lines.slice(2)).toEqual(['x', `::${lines[1].slice(17)}::`, '::endgroup::'])
    expect(runnerCommands(out.join('')).map(c => c.name)).toEqual(['group', 'endgroup'])
  })
})

describe('markLazyCacheLoads', () => {
  // trixie (Docker 26.1), an emulated arm64 leg rebuilt from a registry cache after `buildx prune -af`.
  const H1 = '416bc3f235906a49a161ad7d77ee12eb170690f41bfc177a9de78cf458da727c'
  const H2 = '22bcbe33c9b69136bb9f5340b57fbcea35d6caed44f23e21f710149f407c64e5'
  const log = [
    '#7 [2/5] RUN echo "deps" > /deps && sleep 1',
    '#7 CACHED',
    '',
    '#8 [3/5] RUN echo "more deps" >> /deps && sleep 1',
    `#8 extracting sha256:${H1} done`,
    `#8 extracting sha256:${H2}`,
    `#8 extracting sha256:${H2} 0.0s done`,
    '#8 DONE 0.0s',
    '',
    '#9 [4/5] COPY app.txt /app.txt',
    '#9 DONE 0.0s',
    '',
    '#10 [5/5] RUN cat /app.txt > /built',
    '#10 0.151 v2',
    '#10 DONE 0.2s'
  ]
  test('a step whose only lines pull its cached layers is a hit', () => {
    const steps = markLazyCacheLoads(parseProgress(log))
    expect(steps.map(s => [s.id, s.cached])).toEqual([
      ['#7', true],
      ['#8', true],
      ['#9', false],
      ['#10', false]
    ])
    expect(summarize(steps)).toMatchObject({ hits: 2, misses: 2 })
  })
  test('a step that printed its own output ran', () => {
    const ran = [...log.slice(3, 7), '#8 0.120 hello', '#8 DONE 1.1s']
    expect(markLazyCacheLoads(parseProgress(ran))[0].cached).toBe(false)
  })
  test('a failed step is never a hit', () => {
    const failed = [...log.slice(3, 5), '#8 ERROR: process did not complete successfully']
    expect(markLazyCacheLoads(parseProgress(failed))[0].cached).toBe(false)
  })
})

describe('buildFailure: the step error of a failed build', () => {
  const run = (name: string) => {
    const text = fixture(name)
    return { code: 1, lines: text.split('\n'), stderr: text }
  }
  const FIX =
    'The docker driver cannot do this on an engine with the classic image store. Create a builder with setup-builder (driver auto picks docker-container here) or turn on the containerd image store.'
  test('the error line of the output', () => {
    expect(buildFailure(false, run('trixie-error'))).toMatch(
      /^buildx build failed \(exit 1\): ERROR: .*exit code: 3$/
    )
  })
  test.each([
    ['runner-oci-exporter-refused', 'OCI exporter'],
    ['runner-multi-platform-refused', 'Multi-platform build']
  ])('%s: what buildx refused, then how to get a builder that can', (name, feature) => {
    expect(buildFailure(false, run(name))).toBe(
      `buildx build failed (exit 1): ERROR: failed to build: ${feature} is not supported for the docker driver. ${FIX}`
    )
  })
  test('the classic builder has no such refusals', () => {
    expect(buildFailure(true, { code: 1, lines: ['boom'], stderr: 'error: boom' })).toBe(
      'docker build failed (exit 1): error: boom'
    )
  })
})
