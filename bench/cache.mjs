// Benchmarks of the build action's cache on the e2e engine (DESIGN §8), measured in one run:
//  1. the build step (bundled dist, through the runner emulation) on a fully cached rebuild vs a bare
//     `docker buildx build` with the same arguments: median of 5 runs each, ratio (target <= 1.10);
//     plus where the step's own time goes (node start-up, bundle load);
//  2. a two-platform matrix (linux/amd64 + emulated linux/arm64) with `cache: max`, cold, then
//     `buildx prune -af` and a source-only change: the share of cacheable steps CACHED (target >= 95 %).
// Usage: npm run bench [-- trixie|sid]   (scripts/e2e-env.sh up <suite> first)
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../test-support/runner.mjs'
import { engineEnv, repoRoot } from '../test-support/engine.mjs'

const suite = process.argv[2] || process.env.E2E_SUITE || 'trixie'
const env = engineEnv(suite)
const RUNS = 5
const nonce = `${Date.now()}`

function exec(cmd, args, extraEnv = {}, cwd = undefined) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (out += d))
    child.on('error', reject)
    child.on('close', code => resolve({ code, out, ms: Number(process.hrtime.bigint() - started) / 1e6 }))
  })
}
const docker = (...args) => exec('docker', args)

/** deps stage (3 expensive steps), then the app: COPY --from, COPY src, RUN build. */
function workspace(tag) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'))
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      `FROM ${env.E2E_BASE_IMAGE} AS deps`,
      `RUN echo "toolchain ${tag}" > /toolchain && sleep 1`,
      `RUN echo "libraries ${tag}" > /libraries && sleep 1`,
      'RUN cat /toolchain /libraries > /deps',
      `FROM ${env.E2E_BASE_IMAGE}`,
      'COPY --from=deps /deps /deps',
      'COPY src/ /src/',
      'RUN cat /deps /src/app.txt > /built'
    ].join('\n') + '\n'
  )
  const change = v => {
    rmSync(join(dir, 'src'), { recursive: true, force: true })
    mkdirSync(join(dir, 'src'), { recursive: true })
    writeFileSync(join(dir, 'src', 'app.txt'), `${v}\n`)
  }
  change('v1')
  return { dir, change }
}
// Steps a source-only change must rerun: COPY src/ and the RUN after it.
const INVALIDATED = 2

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = xs =>
  `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`

async function cachedRebuild() {
  const ws = workspace(`overhead-${nonce}`)
  const job = new Job({ env, workspace: ws.dir })
  const image = `${env.E2E_REGISTRY}/bench/cache:${nonce}`
  const inputs = { tags: image, push: true, cache: 'max' }
  const warm = await job.run('.', inputs) // cold build: fills the builder and the registry cache
  if (warm.code !== 0) throw new Error(`warm-up build failed:\n${warm.stdout}\n${warm.stderr}`)
  const argv = /^docker (buildx build .*)$/m.exec(warm.stdout)[1].split(' ')
  const meta = join(mkdtempSync(join(tmpdir(), 'bench-meta-')), 'metadata.json')
  const bareArgs = argv.map((a, i) => (argv[i - 1] === '--metadata-file' ? meta : a))

  const step = []
  const bare = []
  const runStep = async () => {
    const r = await job.run('.', inputs)
    if (r.code !== 0 || r.outputs['cache-misses'] !== '0')
      throw new Error(`rebuild not fully cached:\n${r.stdout}`)
    step.push(r.ms)
  }
  const runBare = async () => {
    const b = await exec('docker', bareArgs, {}, ws.dir)
    if (b.code !== 0) throw new Error(`bare build failed:\n${b.out}`)
    bare.push(b.ms)
  }
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, in alternating order, so drift in the engine (and the order) hits both alike.
    if (i % 2 === 0) await runStep().then(runBare)
    else await runBare().then(runStep)
  }
  // Where the step's own time goes: node start-up, and start-up + bundle load + input parsing
  // (a bad input stops the action before any command).
  const nodeOnly = []
  const bundleLoad = []
  for (let i = 0; i < RUNS; i++) {
    nodeOnly.push((await exec(process.execPath, ['-e', ''])).ms)
    bundleLoad.push(
      (await exec(process.execPath, [join(repoRoot, 'dist/build/index.js')], { INPUT_PUSH: 'perhaps' })).ms
    )
  }
  job.dispose()
  rmSync(ws.dir, { recursive: true, force: true })
  return { step, bare, nodeOnly, bundleLoad, argv: bareArgs }
}

async function twoPlatforms() {
  const ws = workspace(`legs-${nonce}`)
  const job = new Job({ env, workspace: ws.dir })
  const repo = `${env.E2E_REGISTRY}/bench/legs`
  const legs = ['linux/amd64', 'linux/arm64']
  const build = platform =>
    job.run('.', {
      tags: `${repo}:${nonce}-${platform.split('/')[1]}`,
      push: true,
      cache: 'max',
      platforms: platform
    })
  for (const p of legs) {
    const r = await build(p)
    if (r.code !== 0) throw new Error(`cold ${p} failed:\n${r.stdout}`)
  }
  await docker('buildx', 'prune', '-af')
  ws.change('v2')
  const out = []
  for (const p of legs) {
    const r = await build(p)
    if (r.code !== 0) throw new Error(`rebuild ${p} failed:\n${r.stdout}`)
    const hits = Number(r.outputs['cache-hits'])
    const misses = Number(r.outputs['cache-misses'])
    const cacheable = hits + misses - INVALIDATED
    out.push({ platform: p, hits, misses, cacheable, ratio: hits / cacheable })
  }
  job.dispose()
  rmSync(ws.dir, { recursive: true, force: true })
  return out
}

console.log(`bench on ${suite}: ${(await docker('buildx', 'version')).out.trim()}`)
const o = await cachedRebuild()
const ratio = median(o.step) / median(o.bare)
console.log(`\n1. fully cached rebuild, ${RUNS} runs each: docker ${o.argv.join(' ')}`)
console.log(`   build step (dist via runner emulation): ${fmt(o.step)}`)
console.log(`   bare docker buildx build:               ${fmt(o.bare)}`)
console.log(`   ratio ${ratio.toFixed(3)} (target <= 1.10) ${ratio <= 1.1 ? 'OK' : 'OVER'}`)
console.log(`   the step's own time: ${(median(o.step) - median(o.bare)).toFixed(0)} ms`)
console.log(`   where the step's own time goes: node start-up ${fmt(o.nodeOnly)};`)
console.log(`   node + bundle load + input parsing ${fmt(o.bundleLoad)}`)

const legs = await twoPlatforms()
console.log(
  `\n2. two platforms, cache: max, prune -af, source-only change (${INVALIDATED} steps must rerun per leg):`
)
for (const l of legs) {
  console.log(
    `   ${l.platform}: ${l.hits} of ${l.cacheable} cacheable steps CACHED (${(l.ratio * 100).toFixed(1)} %), ${l.misses} run`
  )
}
const all = legs.reduce((a, l) => a + l.hits, 0) / legs.reduce((a, l) => a + l.cacheable, 0)
console.log(`   both legs: ${(all * 100).toFixed(1)} % (target >= 95 %) ${all >= 0.95 ? 'OK' : 'UNDER'}`)
