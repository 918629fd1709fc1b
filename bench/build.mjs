// The build action's targets (DESIGN §8), on the e2e engine:
//  1. the build step (bundled dist, through the runner emulation) on a fully cached rebuild vs a bare
//     `docker buildx build` with the same arguments, runs interleaved; plus where the step's own time
//     goes (node start-up, bundle load);
//  2. a two-platform matrix (linux/amd64 + emulated linux/arm64) with `cache: max`, cold, then
//     `buildx prune -af` and a source-only change: the share of cacheable steps CACHED, per round.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../test-support/runner.mjs'
import { repoRoot } from '../test-support/engine.mjs'
import { dockerSpy } from '../test-support/docker-spy.mjs'
import { exec, fmt, interleaved, median, ratioInterval, ratios } from './stats.mjs'

/** The buildx plugin of the engine's docker config: the one the steps run directly. */
export const buildxPlugin = env => join(env.DOCKER_CONFIG, 'cli-plugins', 'docker-buildx')

/** deps stage (3 expensive steps), then the app: COPY --from, COPY src, RUN build. */
export function workspace(env, tag) {
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

/**
 * The `docker buildx build` a step printed, as arguments to run it bare. The step's scratch files are
 * gone after it, so the bare run writes its own in `scratch`; `values` replaces other options' values
 * (`{ '--builder': name }`).
 */
export function bareBuild(stdout, scratch, values = {}) {
  const argv = /^docker (buildx build .*)$/m.exec(stdout)[1].split(' ')
  const swap = {
    '--metadata-file': join(scratch, 'metadata.json'),
    '--iidfile': join(scratch, 'iid'),
    ...values
  }
  return argv.map((a, i) => swap[argv[i - 1]] ?? a)
}

// Steps a source-only change must rerun: COPY src/ and the RUN after it.
const INVALIDATED = 2

async function cachedRebuild(env, runs, nonce) {
  const ws = workspace(env, `overhead-${nonce}`)
  const job = new Job({ env, workspace: ws.dir })
  const image = `${env.E2E_REGISTRY}/bench/cache:${nonce}`
  const inputs = { tags: image, push: true, cache: 'max' }
  const warm = await job.run('.', inputs) // cold build: fills the builder and the registry cache
  if (warm.code !== 0) throw new Error(`warm-up build failed:\n${warm.stdout}\n${warm.stderr}`)
  const scratch = mkdtempSync(join(tmpdir(), 'bench-meta-'))
  const bareArgs = bareBuild(warm.stdout, scratch)
  const procEnv = { ...process.env, ...env }

  // The floor: node running the plugin with the step's exact argv and env, nothing else.
  const floorArgs = [
    join(repoRoot, 'bench', 'floor.cjs'),
    buildxPlugin(env),
    ...bareArgs.slice(1).map(a => (a === '--progress=plain' ? '--progress=rawjson' : a))
  ]
  const floorEnv = { ...procEnv, BUILDX_METADATA_WARNINGS: 'true' }

  const step = []
  const bare = []
  const floor = []
  await interleaved(
    runs,
    async () => {
      const r = await job.run('.', inputs)
      if (r.code !== 0 || r.outputs['cache-misses'] !== '0')
        throw new Error(`rebuild not fully cached:\n${r.stdout}`)
      step.push(r.ms)
    },
    async () => {
      const b = await exec('docker', bareArgs, { env: procEnv, cwd: ws.dir })
      if (b.code !== 0) throw new Error(`bare build failed:\n${b.out}`)
      bare.push(b.ms)
    },
    async () => {
      const f = await exec(process.execPath, floorArgs, { env: floorEnv, cwd: ws.dir })
      if (f.code !== 0) throw new Error(`the floor's build failed:\n${f.out}`)
      floor.push(f.ms)
    }
  )
  // Where the step's own time goes: the processes it starts (one spied run), node start-up, and
  // start-up + bundle load + input parsing (a bad input stops the action before any command).
  const spy = dockerSpy(env)
  const spied = await job.run('.', inputs, { env: spy.env })
  if (spied.code !== 0) throw new Error(`spied rebuild failed:\n${spied.stdout}`)
  const processes = spy.take().map(c => (c.length > 100 ? `${c.slice(0, 97)}...` : c))
  spy.dispose()
  const nodeOnly = []
  const bundleLoad = []
  for (let i = 0; i < runs; i++) {
    nodeOnly.push((await exec(process.execPath, ['-e', ''])).ms)
    const bad = { ...process.env, INPUT_PUSH: 'perhaps' }
    bundleLoad.push((await exec(process.execPath, [join(repoRoot, 'dist/build/index.js')], { env: bad })).ms)
  }
  job.dispose()
  rmSync(ws.dir, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
  return { step, bare, floor, nodeOnly, bundleLoad, processes, argv: bareArgs }
}

/** One round: both legs cold, `buildx prune -af`, a source-only change, both legs again. */
async function twoPlatforms(env, nonce) {
  const ws = workspace(env, `legs-${nonce}`)
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
  const pruned = await exec('docker', ['buildx', 'prune', '-af'], { env: { ...process.env, ...env } })
  if (pruned.code !== 0) throw new Error(`buildx prune failed:\n${pruned.out}`)
  ws.change('v2')
  const out = []
  for (const p of legs) {
    const r = await build(p)
    if (r.code !== 0) throw new Error(`rebuild ${p} failed:\n${r.stdout}`)
    const hits = Number(r.outputs['cache-hits'])
    const misses = Number(r.outputs['cache-misses'])
    out.push({ platform: p, hits, misses, cacheable: hits + misses - INVALIDATED })
  }
  job.dispose()
  rmSync(ws.dir, { recursive: true, force: true })
  return out
}

/** Prints both measurements; returns the rows of the final table. */
export async function benchBuild(env, { runs, rounds, nonce }) {
  const o = await cachedRebuild(env, runs, nonce)
  const stepRatio = ratios(o.step, o.bare)
  const x = v => `${v.toFixed(3)}×`
  console.log(`\n1. build step on a fully cached rebuild, ${runs} runs each: docker ${o.argv.join(' ')}`)
  console.log(`   build step (dist via runner emulation): ${fmt(o.step)}`)
  console.log(`   bare docker buildx build:               ${fmt(o.bare)}`)
  console.log(
    `   ratio of medians ${x(median(o.step) / median(o.bare))}; run by run: ${fmt(stepRatio, x, '')}`
  )
  console.log(`   the step's own time, run by run: ${fmt(o.step.map((s, i) => s - o.bare[i]))}`)
  console.log(`   of which node start-up ${fmt(o.nodeOnly)};`)
  console.log(`   node + bundle load + input parsing ${fmt(o.bundleLoad)}`)
  console.log(
    `   floor (node running the plugin alone, bench/floor.cjs): ${fmt(o.floor)}; ratio of medians ${x(median(o.floor) / median(o.bare))}`
  )
  console.log(`   the step above its floor, run by run: ${fmt(o.step.map((s, i) => s - o.floor[i]))}`)
  console.log(`   processes the step starts: ${o.processes.join('; ')}`)

  console.log(
    `\n2. two platforms, cache: max, prune -af, source-only change (${INVALIDATED} steps must rerun per leg), ${rounds} rounds:`
  )
  const shares = []
  for (let i = 0; i < rounds; i++) {
    const legs = await twoPlatforms(env, `${nonce}-${i}`)
    const share = legs.reduce((a, l) => a + l.hits, 0) / legs.reduce((a, l) => a + l.cacheable, 0)
    shares.push(share * 100)
    const each = legs.map(l => `${l.platform} ${l.hits}/${l.cacheable} CACHED, ${l.misses} run`).join('; ')
    console.log(`   round ${i + 1}: ${each} → ${(share * 100).toFixed(1)} %`)
  }
  const pct = v => `${v.toFixed(1)} %`
  console.log(`   both legs: ${fmt(shares, pct, '')}`)
  return [
    {
      target: 'build step, fully cached rebuild ≤ 1.0 × bare buildx build',
      figure: stepRatio,
      f: x,
      ratio: median(o.step) / median(o.bare),
      interval: ratioInterval(o.step, o.bare),
      pass: median(o.step) / median(o.bare) <= 1
    },
    {
      target: 'two-arch matrix, source-only change: ≥ 95 % of cacheable steps CACHED',
      figure: shares,
      f: pct,
      pass: median(shares) >= 95
    }
  ]
}
