// npm run bench [-- trixie|sid|runner]: every DESIGN §8 target measured in one run on the e2e environment
// (the engine is started if it is not running), each as the median of several runs with min and max,
// then a table of target | figure | pass/miss. Benchmarks, not tests: nothing here fails on a miss.
// runner adds the hosted-runner path (bench/docker-container.mjs): setup-builder against
// docker/setup-buildx-action, and a matrix leg's publish time.
// BENCH_RUNS (default 7) sets the timed runs, BENCH_ROUNDS (default 3) the rounds of the slow ones.
import { engineUp } from '../test-support/engine.mjs'
import { benchBuild } from './build.mjs'
import { benchSetupBuilder } from './setup-builder.mjs'
import { benchPrune } from './prune.mjs'
import { benchCacheMounts } from './cache-mounts.mjs'
import { benchLegPublish, benchPeerSetup, containerBuilder } from './docker-container.mjs'
import { exec, table } from './stats.mjs'

const suite = process.argv[2] || process.env.E2E_SUITE || 'trixie'
const runs = Number(process.env.BENCH_RUNS || 7)
const rounds = Number(process.env.BENCH_ROUNDS || 3)
const env = engineUp(suite)
const nonce = `${Date.now()}`

const version = await exec('docker', ['version', '--format', '{{.Server.Version}}'], {
  env: { ...process.env, ...env }
})
const buildx = await exec('docker', ['buildx', 'version'], { env: { ...process.env, ...env } })
console.log(
  `bench on ${suite}: Docker ${version.out.trim()}, ${buildx.out.trim()}; node ${process.version}; ${runs} runs, ${rounds} rounds`
)
// On the runner suite the docker driver (classic image store) cannot export cache: the builds run on
// one docker-container builder made by setup-builder, as on a hosted runner.
const shared = suite === 'runner' ? await containerBuilder(env) : undefined
const buildEnv = shared ? { ...env, BUILDX_BUILDER: shared.name } : env
const rows = []
try {
  rows.push(...(await benchBuild(buildEnv, { runs, rounds, nonce })))
  // A step of a few hundred ms: more runs for the same spread.
  rows.push(...(await benchSetupBuilder(env, { runs: 3 * runs })))
  rows.push(...(await benchPrune({ rounds })))
  // The docker driver, pruned before each run: a fresh builder every time.
  rows.push(...(await benchCacheMounts(env, { rounds, nonce })))
  if (shared) {
    rows.push(...(await benchPeerSetup(env, { runs: 3 * runs })))
    rows.push(...(await benchLegPublish(env, { runs, nonce, shared })))
  }
} finally {
  await shared?.remove()
}
console.log(`\n${table(rows)}`)
