// The suite's main job on an embedded default: a local engine + registry (started if none is given),
// then setup-builder → build (push, registry cache) → rebuild after a source change, from a cold
// builder → prune, each run through the runner emulation from the bundled dist, as a workflow would.
//
// Use your own engine and registry instead: DEMO_REGISTRY=host:port (with DOCKER_HOST or the
// default docker context reachable) and DEMO_BASE_IMAGE=<an image the engine can pull>.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../test-support/runner.mjs'
import { engineUp, repoRoot } from '../test-support/engine.mjs'

const env = process.env.DEMO_REGISTRY
  ? {
      E2E_REGISTRY: process.env.DEMO_REGISTRY,
      E2E_BASE_IMAGE: process.env.DEMO_BASE_IMAGE ?? 'busybox:latest'
    }
  : engineUp(process.env.E2E_SUITE || 'trixie')
const docker = (...args) =>
  execFileSync('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' })

const workspace = mkdtempSync(join(tmpdir(), 'demo-'))
cpSync(join(repoRoot, 'examples/demo-app'), workspace, { recursive: true })
const image = `${env.E2E_REGISTRY}/demo/app`
const cache = `${image}:buildcache`
const job = new Job({ env, workspace })
const build = {
  tags: `${image}:latest`,
  push: true,
  'build-args': `BASE=${env.E2E_BASE_IMAGE}`,
  'cache-from': `type=registry,ref=${cache}`,
  'cache-to': `type=registry,ref=${cache},mode=max`
}

const steps = [
  // No Docker Hub here: the default docker/dockerfile pin cannot be resolved, so pinning is off.
  ['setup-builder', () => job.run('setup-builder', { syntax: process.env.DEMO_SYNTAX ?? 'none' })],
  ['build', () => job.run('.', build)],
  [
    'rebuild (source changed, cold builder)',
    async () => {
      writeFileSync(join(workspace, 'app.txt'), `hello again, ${new Date().toISOString()}\n`)
      docker('buildx', 'prune', '-af')
      return job.run('.', build)
    }
  ],
  ['prune (builder, keep 1MB)', () => job.run('prune', { 'keep-storage': '1MB' })]
]

let last
for (const [title, step] of steps) {
  const r = await step()
  const cached = (r.stdout.match(/^#\d+ CACHED$/gm) ?? []).length
  console.log(
    `\n== ${title}: ${r.ok ? 'ok' : 'FAILED'} in ${(r.ms / 1000).toFixed(2)}s${r.action === '.' ? `, ${cached} steps CACHED` : ''}`
  )
  for (const [k, v] of Object.entries(r.outputs)) if (k !== 'metadata') console.log(`   ${k}: ${v}`)
  if (!r.ok) {
    console.log(r.stdout.split('\n').slice(-30).join('\n'))
    process.exit(1)
  }
  if (r.action === '.') last = r.outputs.digest
}
await job.complete()
job.dispose()
console.log(`\npushed ${image}:latest@${last}`)
