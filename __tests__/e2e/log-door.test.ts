// Input text that would read as a workflow command, through the bundled build action on the real engine:
// every note that echoes a value (cache refs, annotations, tags) reaches the log through the log door, so
// the runner runs only the commands the step means (F1).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job, type StepResult } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'
import { runnerCommands } from '../helpers/hostile.js'

const env = engineEnv()
const unique = `${Date.now()}`
const INJECTED = '::error title=X::Y'
const dirs: string[] = []
afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })))

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-door-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${env.E2E_BASE_IMAGE}\nRUN echo ${unique} > /x\n`)
  return dir
}

/** The commands the runner would run from the step's stdout: none is the injected one, and no mask
 * comes from input text (the only secret given is the job's token). */
function onlyItsOwn(r: StepResult, expected: string[], token = ''): void {
  const run = runnerCommands(r.stdout)
  expect(run.filter(c => c.line.trimStart().startsWith('::error title=X'))).toEqual([])
  expect(run.filter(c => c.name === 'add-mask' && c.line !== `::add-mask::${token}`)).toEqual([])
  const own = ['group', 'endgroup', 'add-mask']
  expect(run.map(c => c.name).filter(n => !own.includes(n))).toEqual(expected)
  // The text is still shown: a reader of the log sees what was given.
  expect(r.stdout).toContain(INJECTED)
}

describe('F1: a value with a line break and a workflow command in it', () => {
  const image = `${env.E2E_REGISTRY}/e2e/door-${unique}`

  test.each(['inline', 'max'])(
    'tags with cache: %s: refused in one line, the command not run',
    async cache => {
      const job = new Job({ env, workspace: workspace() })
      for (const tags of [`${image}:1\n${INJECTED}`, `"${image}:1\n${INJECTED}"`]) {
        const r = await job.run('.', { tags, cache, push: true })
        expect(r.code).toBe(1)
        expect(r.errors).toEqual([expect.stringMatching(/^input 'tags': got '/)])
        onlyItsOwn(r, ['error'])
      }
      job.dispose()
    }
  )

  test('cache-to with cache-write: false: the "not exporting" note shows it, runs nothing', async () => {
    const job = new Job({ env, workspace: workspace() })
    const r = await job.run('.', {
      tags: `${image}:cw`,
      'cache-to': `"type=registry,ref=${image}:cache\n${INJECTED}"`,
      'cache-write': false
    })
    expect([r.errors, r.code]).toEqual([[], 0])
    expect(r.stdout).toMatch(/cache-write is false: not exporting /)
    onlyItsOwn(r, [])
    job.dispose()
  })

  describe('merge with annotations', () => {
    let d: Double
    beforeAll(async () => {
      d = await startDouble()
    })
    afterAll(async () => d?.close())

    test('the "left out" note shows the annotation, runs nothing', async () => {
      const job = new Job({
        env: { ...env, ...d.env(), GITHUB_RUN_ID: `${unique}7` },
        workspace: workspace()
      })
      expect((await job.run('.', { arch: 'amd64', tags: `${image}:m`, push: true })).code).toBe(0)
      const m = await job.run('.', {
        merge: 'amd64',
        tags: `${image}:m`,
        annotations: `"manifest:org.opencontainers.image.description=a\n${INJECTED}"`
      })
      expect([m.errors, m.code]).toEqual([[], 0])
      expect(m.stdout).toContain("annotation(s) of the legs' image manifests left out")
      onlyItsOwn(m, [], d.env().GITHUB_TOKEN)
      job.dispose()
    })
  })
})
