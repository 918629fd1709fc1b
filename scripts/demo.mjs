// The suite's main job on an embedded default: a local engine + registry (started if none is given),
// then setup-builder → build (push, with cache) → rebuild after a source change, from a cold
// builder → prune, each run through the runner emulation from the bundled dist, as a workflow would.
//
//   DEMO_CACHE=max (default): registry cache next to the image in the local registry.
//   DEMO_CACHE=gha: the GitHub cache service, served by the local double (test-support/gh-double),
//     on the newer engine (sid) by default, since cache service v2 needs buildx >= 0.21; prune then
//     also runs BuildKit-aware garbage collection of the Actions cache.
//   DEMO_MATRIX=1: the build as a two-arch matrix instead (amd64 native, arm64v8 under QEMU, each leg
//     pushed by digest and handed off through the local cache double), then the merge job's
//     multi-arch index under the tag.
//   DEMO_REGISTRY=host:port (with DOCKER_HOST or the default docker context reachable) and
//     DEMO_BASE_IMAGE=<an image that engine can pull>: use your own engine and registry.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../test-support/runner.mjs'
import { engineUp, repoRoot } from '../test-support/engine.mjs'
import { startDouble } from '../test-support/gh-double/index.mjs'

const mode = process.env.DEMO_CACHE ?? 'max'
const suite = process.env.E2E_SUITE || (mode === 'gha' ? 'sid' : 'trixie')
const engine = process.env.DEMO_REGISTRY
  ? {
      E2E_REGISTRY: process.env.DEMO_REGISTRY,
      E2E_BASE_IMAGE: process.env.DEMO_BASE_IMAGE ?? 'busybox:latest'
    }
  : engineUp(suite)
const matrix = process.env.DEMO_MATRIX === '1'
const double = mode === 'gha' || matrix ? await startDouble() : undefined
const env = { ...engine, ...double?.env({ ref: 'refs/heads/main' }) }
const docker = (...args) =>
  execFileSync('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })

const workspace = mkdtempSync(join(tmpdir(), 'demo-'))
cpSync(join(repoRoot, 'examples/demo-app'), workspace, { recursive: true })
const image = `${env.E2E_REGISTRY}/demo/app`
const job = new Job({ env, workspace })
const build = { tags: `${image}:latest`, push: true, 'build-args': `BASE=${env.E2E_BASE_IMAGE}`, cache: mode }
const prune =
  mode === 'gha'
    ? { target: 'builder,gha', gha: 'stale', 'older-than': '30d', 'buildkit-gc': true, 'gc-grace': '1s' }
    : { 'keep-storage': '1MB' }

const steps = [
  // No Docker Hub here: the default docker/dockerfile pin cannot be resolved, so pinning is off.
  ['setup-builder', () => job.run('setup-builder', { syntax: process.env.DEMO_SYNTAX ?? 'none' })],
  [`build (cache: ${mode})`, () => job.run('.', build)],
  [
    'rebuild (source changed, cold builder)',
    async () => {
      writeFileSync(join(workspace, 'app.txt'), `hello again, ${new Date().toISOString()}\n`)
      docker('buildx', 'prune', '-af')
      return job.run('.', build)
    }
  ],
  [`prune (${prune.target ?? 'builder'})`, () => job.run('prune', prune)]
]

if (matrix) {
  // One job per leg and one for the merge, in the same workflow run (the hand-off is keyed by run id).
  const runEnv = { GITHUB_RUN_ID: String(Date.now()), GITHUB_RUN_ATTEMPT: '1' }
  const inJob = inputs => async () => {
    const j = new Job({ env: { ...env, ...runEnv }, workspace })
    await j.run('setup-builder', { syntax: process.env.DEMO_SYNTAX ?? 'none' })
    const r = await j.run('.', inputs)
    await j.complete()
    j.dispose()
    return r
  }
  steps.splice(
    0,
    3,
    ...['amd64', 'arm64v8'].map(arch => [`build leg ${arch} (cache: ${mode})`, inJob({ ...build, arch })]),
    ['merge amd64,arm64v8', inJob({ tags: build.tags, merge: 'amd64,arm64v8' })]
  )
}

let last
try {
  for (const [title, step] of steps) {
    const r = await step()
    console.log(`\n== ${title}: ${r.ok ? 'ok' : 'FAILED'} in ${(r.ms / 1000).toFixed(2)}s`)
    for (const [k, v] of Object.entries(r.outputs)) if (k !== 'metadata') console.log(`   ${k}: ${v}`)
    for (const w of r.warnings) console.log(`   warning: ${w}`)
    if (!r.ok) {
      console.log(r.stdout.split('\n').slice(-30).join('\n'))
      process.exitCode = 1
      break
    }
    if (r.action === '.') last = r.outputs.digest
  }
  await job.complete()
} finally {
  job.dispose()
  await double?.close()
}
if (!process.exitCode) console.log(`\npushed ${image}:latest@${last}`)
