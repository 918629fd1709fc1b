// npm run bench [-- trixie|sid|runner]: every DESIGN §8 target measured in one run on the e2e environment
// (the engine is started if it is not running), each as the median of several runs with min and max,
// then a table of target | figure | pass/miss. Benchmarks, not tests: nothing here fails on a miss.
// Every suite measures a matrix leg's publish on a docker-container builder made by setup-builder
// (bench/docker-container.mjs); runner adds setup-builder against docker/setup-buildx-action (skipped in
// one line when the peer's sources are not there).
// BENCH_RUNS (default 9) sets the timed pairs, BENCH_ROUNDS (default 3) the rounds of the slow ones.
// The steps run on the Node their action.yml names (node24), as GitHub's runner runs them: the bench
// runs itself on Node 24 (scripts/tools.sh node24), so the runner emulation and the parts it times use it.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { engineUp } from '../test-support/engine.mjs'
import { benchBuild } from './build.mjs'
import { benchSetupBuilder } from './setup-builder.mjs'
import { benchPrune } from './prune.mjs'
import { benchCacheMounts } from './cache-mounts.mjs'
import { benchLegPublish, benchPeerSetup, containerBuilder } from './docker-container.mjs'
import { peerMissing } from './peer.mjs'
import { exec, table } from './stats.mjs'

if (!process.version.startsWith('v24.')) {
  const tools = fileURLToPath(new URL('../scripts/tools.sh', import.meta.url))
  const node24 = spawnSync(tools, ['node24'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
  const bin = fileURLToPath(new URL('../.build/node24/bin/node', import.meta.url))
  if (node24.status !== 0) throw new Error('bench: scripts/tools.sh node24 failed')
  const r = spawnSync(bin, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}

const suite = process.argv[2] || process.env.E2E_SUITE || 'trixie'
const runs = Number(process.env.BENCH_RUNS || 9)
const rounds = Number(process.env.BENCH_ROUNDS || 3)
// BENCH_CASES picks some of: build, setup-builder, prune, peer, legs (default: all).
const cases = new Set(
  (process.env.BENCH_CASES || 'build,setup-builder,prune,cache-mounts,peer,legs').split(',')
)
const env = engineUp(suite)
const nonce = `${Date.now()}`

const version = await exec('docker', ['version', '--format', '{{.Server.Version}}'], {
  env: { ...process.env, ...env }
})
const buildx = await exec('docker', ['buildx', 'version'], { env: { ...process.env, ...env } })
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
console.log(
  `bench on ${suite}: Docker ${version.out.trim()}, ${buildx.out.trim()}; node ${process.version}; ${runs} pairs, ${rounds} rounds; load average ${load()}`
)
// On the runner suite the builds run on a docker-container builder made by setup-builder (the docker
// driver on the classic image store cannot export cache); the legs run on one on every suite (push by
// digest is that driver's path), made just before them.
let shared
const rows = []
try {
  if (suite === 'runner') shared = await containerBuilder(env)
  const buildEnv = shared ? { ...env, BUILDX_BUILDER: shared.name } : env
  if (cases.has('build')) rows.push(...(await benchBuild(buildEnv, { runs, rounds, nonce })))
  // A step of a few hundred ms: more runs for the same spread.
  if (cases.has('setup-builder')) rows.push(...(await benchSetupBuilder(env, { runs: 3 * runs })))
  if (cases.has('prune')) rows.push(...(await benchPrune({ rounds })))
  // The docker driver, pruned before each run: a fresh builder every time.
  if (cases.has('cache-mounts')) rows.push(...(await benchCacheMounts(env, { rounds, nonce })))
  if (suite === 'runner' && cases.has('peer')) {
    const missing = peerMissing()
    if (missing) console.log(`\n5. setup-builder vs setup-buildx-action: skipped, ${missing}`)
    else rows.push(...(await benchPeerSetup(env, { runs: 3 * runs })))
  }
  if (cases.has('legs')) {
    shared ??= await containerBuilder(env)
    rows.push(...(await benchLegPublish(env, { runs, nonce, shared })))
  }
} finally {
  await shared?.remove()
  console.log(`\n${table(rows)}`)
  console.log(`load average at the end: ${load()}`)
}
