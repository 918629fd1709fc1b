// Inputs at the edge of what the suite or the OS can take, through the bundled build action on the real
// engine: a Dockerfile that is a device fails in one line naming the input, before anything is built
// (F10); inputs near the OS's limit on a command line build (F13).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../../test-support/runner.mjs'
import { engineEnv } from '../../test-support/engine.js'

const env = engineEnv()
const dirs: string[] = []
afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })))

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-limits-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${env.E2E_BASE_IMAGE}\n`)
  return dir
}

test('F10: file: /dev/zero with policy: strict fails in one line naming the input, at once', async () => {
  const job = new Job({ env, workspace: workspace() })
  const r = await job.run('.', { file: '/dev/zero', policy: 'strict' })
  expect(r.code).toBe(1)
  expect(r.errors).toEqual([
    "input 'file': got '/dev/zero'; accepted: a regular Dockerfile (not a device, a pipe or a folder)"
  ])
  expect(r.ms).toBeLessThan(10_000)
  job.dispose()
})

// A value longer than 128 KiB cannot reach an action (the runner starts node with each input as an
// INPUT_* variable: E2BIG before the step runs), so the step's inputs, all under that, take up to about
// 2 MiB less the job's environment. Passed on to buildx as arguments and again as INPUT_* variables,
// they took twice that: `spawn E2BIG` at about half the limit.
test('F13: inputs near the limit (a large job environment, 220 KB of labels and build-args) build', async () => {
  const filler = Object.fromEntries(
    Array.from({ length: 16 }, (_, i) => [`FILLER_${i}`, 'f'.repeat(107_500)])
  )
  const job = new Job({ env: { ...env, ...filler }, workspace: workspace() })
  const many = (prefix: string) =>
    Array.from({ length: 1000 }, (_, i) => `${prefix}${i}=${'v'.repeat(100)}`).join('\n')
  const image = `${env.E2E_REGISTRY}/e2e/limits-${Date.now()}:big`
  const r = await job.run('.', { tags: image, labels: many('l'), 'build-args': many('A') })
  expect(r.stdout).not.toContain('E2BIG')
  expect([r.errors, r.code]).toEqual([[], 0])
  const labels = JSON.parse(
    execFileSync('docker', ['image', 'inspect', '--format', '{{json .Config.Labels}}', image], {
      env: { ...process.env, ...env },
      encoding: 'utf8'
    })
  )
  expect(Object.keys(labels).filter(k => /^l\d+$/.test(k))).toHaveLength(1000)
  job.dispose()
})
