// cache-mounts, bundled, through the runner emulation on the real engine, with the GitHub services
// double's Actions cache: a RUN --mount=type=cache directory written by one build is there in the next
// build on a fresh builder (the docker driver after `buildx prune -af`; a new docker-container
// builder), and a pull request restores without saving.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Job, type StepResult } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'
import { startDouble, type Double } from '../../test-support/gh-double/index.mjs'

const env = engineEnv()
const unique = `${Date.now()}`
const dirs: string[] = []
// A mount of this run only: the engine's builder is shared with other test files.
const mount = `/root/.cache/m${unique}`
// One RUNNER_TEMP for every job, as on a runner: the Actions cache version includes the archive's path.
const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'))
dirs.push(runnerTemp)
let d: Double
beforeAll(async () => {
  d = await startDouble()
})
afterAll(async () => {
  await d?.close()
  dirs.forEach(w => rmSync(w, { recursive: true, force: true }))
})

const docker = async (...args: string[]) =>
  (await promisify(execFile)('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })).stdout

/** A Dockerfile whose RUN copies what the mount holds to /seen, or fills the mount (a file, a directory,
 * a relative symlink) when it is empty; RUN_ID makes the step run every time. */
function workspace(nonce: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-mounts-'))
  dirs.push(dir)
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      `FROM ${env.E2E_BASE_IMAGE}`,
      'ARG RUN_ID',
      `RUN --mount=type=cache,target=${mount} if [ -f ${mount}/seen ]; then cp ${mount}/seen /seen; else echo cold > /seen; echo "warm-${nonce}" > ${mount}/seen; mkdir ${mount}/sub; ln -s ../seen ${mount}/sub/link; fi`,
      'FROM scratch',
      'COPY --from=0 /seen /seen',
      ''
    ].join('\n')
  )
  return dir
}

/** The build, its /seen exported to a directory. */
async function build(job: Job, extra: Record<string, string> = {}) {
  const out = mkdtempSync(join(tmpdir(), 'out-mounts-'))
  dirs.push(out)
  const r = await job.run('.', {
    'cache-mounts': mount,
    'cache-mounts-image': env.E2E_BASE_IMAGE,
    'cache-scope': `mounts-${unique}`,
    'build-args': `RUN_ID=${Date.now()}`,
    outputs: `type=local,dest=${out}`,
    ...extra
  })
  return { r, seen: r.code === 0 ? readFileSync(join(out, 'seen'), 'utf8').trim() : '' }
}

const keys = (scope: string) =>
  d.store
    .find(e => e.key.startsWith(`buildx-mount-${scope}`))
    .map(e => e.key)
    .sort()

function expectClean(r: StepResult) {
  expect(r.errors).toEqual([])
  expect(r.warnings).toEqual([])
  expect(r.code).toBe(0)
}

test('docker driver: saved after the first build, in the mount again after buildx prune -af', async () => {
  const ws = workspace(`docker-${unique}`)
  const job = new Job({
    env: { ...env, ...d.env({ ref: 'refs/heads/main' }), RUNNER_TEMP: runnerTemp },
    workspace: ws
  })
  const cold = await build(job)
  expectClean(cold.r)
  expect(cold.seen).toBe('cold')
  expect(cold.r.stdout).toContain(`cache-mounts: ${mount}: no archive yet`)
  const saved = keys(`mounts-${unique}-linux-`)
  expect(saved).toHaveLength(1)
  expect(cold.r.stdout).toContain(`cache-mounts: ${mount}: saved ${saved[0]}`)
  expect(cold.r.summary).toMatch(
    /\*\*Cache mounts\*\* \(restore \d+\.\ds · extract \d+\.\ds · save \d+\.\ds\)/
  )
  expect(cold.r.summary).toContain(`<code>${saved[0]}</code>`)

  // A fresh builder: no layer cache, no cache mounts.
  await docker('buildx', 'prune', '-af')
  const warm = await build(job)
  expectClean(warm.r)
  expect(warm.seen).toBe(`warm-docker-${unique}`)
  expect(warm.r.stdout).toContain(
    `cache-mounts: ${mount}: restored ${saved[0]} (4 entries), unpacked into the empty mount`
  )
  expect(warm.r.summary).toMatch(/\*\*Cache mounts\*\* \(restore \d+\.\ds · inject \d+\.\ds · extract /)
  // The contents did not change: the same key, not saved again.
  expect(warm.r.stdout).toContain(`unchanged (${saved[0]}), not saved again`)
  expect(keys(`mounts-${unique}-linux-`)).toEqual(saved)

  // A pull request reads the mount and saves nothing.
  const pr = new Job({
    env: {
      ...env,
      ...d.env({ ref: 'refs/pull/3/merge' }),
      GITHUB_EVENT_NAME: 'pull_request',
      RUNNER_TEMP: runnerTemp
    },
    event: { number: 3, pull_request: { number: 3, base: { ref: 'main' } } },
    workspace: ws
  })
  await docker('buildx', 'prune', '-af')
  const read = await build(pr)
  expectClean(read.r)
  expect(read.seen).toBe(`warm-docker-${unique}`)
  expect(read.r.stdout).toContain(
    'cache-mounts: not saved: a pull_request run reads the mounts and never writes them'
  )
  expect(keys(`mounts-${unique}-linux-`)).toEqual(saved)
  job.dispose()
  pr.dispose()
})

test('docker-container: a new builder sees what the first one saved', async () => {
  const ws = workspace(`container-${unique}`)
  const scope = `container-${unique}`
  const setup = {
    syntax: 'none',
    driver: 'docker-container',
    'buildkit-image': env.E2E_BUILDKIT_IMAGE_NEW,
    'driver-opts': 'network=host'
  }
  const run = async () => {
    const job = new Job({
      env: { ...env, ...d.env({ ref: 'refs/heads/main' }), RUNNER_TEMP: runnerTemp },
      workspace: ws
    })
    const s = await job.run('setup-builder', setup)
    expect([s.errors, s.code]).toEqual([[], 0])
    const b = await build(job, { 'cache-scope': scope })
    await job.complete() // the post step removes the builder
    job.dispose()
    return b
  }
  const cold = await run()
  expectClean(cold.r)
  expect(cold.seen).toBe('cold')
  expect(keys(`${scope}-linux-`)).toHaveLength(1)

  const warm = await run()
  expectClean(warm.r)
  expect(warm.seen).toBe(`warm-container-${unique}`)
  expect(warm.r.stdout).toMatch(
    new RegExp(`cache-mounts: ${mount}: restored \\S+ \\(4 entries\\), unpacked into the empty mount`)
  )
})

test('bad input fails in one line before anything runs', async () => {
  const job = new Job({ env: { ...env, ...d.env() }, workspace: workspace(`bad-${unique}`) })
  const r = await job.run('.', { 'cache-mounts': 'root/.cache' })
  job.dispose()
  expect(r.code).toBe(1)
  expect(r.errors).toEqual([
    "input 'cache-mounts': got 'root/.cache'; accepted: one mount per line: its absolute target path as the Dockerfile's RUN --mount=type=cache,target= gives it, or id=<the mount's id> (a relative path is not a target)"
  ])
  expect(r.stdout).not.toContain('buildx build')
})
