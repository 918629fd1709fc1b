// npm run bench [-- trixie|sid]: every DESIGN §8 target measured in one run on the e2e environment
// (the engine is started if it is not running), each as the median of several runs with min and max,
// then a table of target | figure | pass/miss. Benchmarks, not tests: nothing here fails on a miss.
// BENCH_RUNS (default 7) sets the timed runs, BENCH_ROUNDS (default 3) the rounds of the slow ones.
import { engineUp } from '../test-support/engine.mjs'
import { benchBuild } from './build.mjs'
import { benchSetupBuilder } from './setup-builder.mjs'
import { benchPrune } from './prune.mjs'
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
const rows = [
  ...(await benchBuild(env, { runs, rounds, nonce })),
  // A step of a few hundred ms: more runs for the same spread.
  ...(await benchSetupBuilder(env, { runs: 3 * runs })),
  ...(await benchPrune({ rounds }))
]
console.log(`\n${table(rows)}`)
