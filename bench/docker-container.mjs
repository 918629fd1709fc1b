// The hosted-runner path (runner suite: classic image store, so builds need a docker-container builder):
//  5. setup-builder creating a docker-container builder vs docker/setup-buildx-action (bench/peer.mjs)
//     doing the same on the same engine, main and post step (builder removal) each, runs interleaved;
//  6. a matrix leg (build with arch: push by digest, cache: max, the digest handed off through the
//     Actions cache of the services double) vs the bare `docker buildx build` it runs, runs interleaved:
//     on one long-lived builder (a fully cached rebuild: the action's own cost on the publish path) and
//     on a fresh builder per run (a hosted runner's re-run of a leg: the layers come from the registry
//     cache, nothing from the builder).
// Builders use the local BuildKit stand-in (no Docker Hub here) on the host network, with plain HTTP to
// the loopback registry; `use: false` keeps the engine's current builder (other tests share it) as it is.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../test-support/runner.mjs'
import { repoRoot } from '../test-support/engine.mjs'
import { startDouble } from '../test-support/gh-double/index.mjs'
import { bareBuild, buildxPlugin, workspace } from './build.mjs'
import { peerSetupBuildx } from './peer.mjs'
import { exec, fmt, interleaved, median, ratioInterval, ratios } from './stats.mjs'

const x = v => `${v.toFixed(3)}×`
const secs = xs => fmt(xs, v => (v / 1000).toFixed(3), ' s')
const BUILDER_FACTS = 'BUILD_SUITE_BUILDER_FACTS'

/** The inputs both actions take for the same builder; setup-builder also names the image and turns
 * its frontend pinning off (it would resolve a tag on Docker Hub). */
function builderInputs(env) {
  const same = {
    driver: 'docker-container',
    'driver-opts': `image=${env.E2E_BUILDKIT_IMAGE_NEW}\nnetwork=host`,
    'buildkitd-config-inline': `[registry."${env.E2E_REGISTRY}"]\n  http = true\n  insecure = true\n`,
    use: false
  }
  return { peer: same, ours: { ...same, 'buildkit-image': env.E2E_BUILDKIT_IMAGE_NEW, syntax: 'none' } }
}

/** A docker-container builder made by setup-builder: its name, what the step exported for the job's
 * later steps (the builder's facts), and its removal by the post step. */
export async function containerBuilder(env) {
  const job = new Job({ env })
  const r = await job.run('setup-builder', builderInputs(env).ours)
  if (r.code !== 0) throw new Error(`setup-builder failed:\n${r.stdout}\n${r.stderr}`)
  return {
    name: r.outputs.name,
    env: r.exported,
    async remove() {
      await job.complete()
      job.dispose()
    }
  }
}

/** One job: the action's main step, then its post step; both times. */
async function mainAndPost(env, action, inputs) {
  const job = new Job({ env })
  const main = await job.run(action, inputs)
  const [post] = await job.complete()
  job.dispose()
  if (main.code !== 0 || post?.code !== 0)
    throw new Error(`${action} failed:\n${main.stdout}\n${main.stderr}\n${post?.stdout}`)
  return { main: main.ms, post: post.ms }
}

export async function benchPeerSetup(env, { runs }) {
  const peer = peerSetupBuildx()
  const inputs = builderInputs(env)
  const ours = { main: [], post: [] }
  const theirs = { main: [], post: [] }
  const add = (to, t) => (to.main.push(t.main), to.post.push(t.post))
  // warm-up: page cache, the image in the engine
  await mainAndPost(env, 'setup-builder', inputs.ours)
  await mainAndPost(env, peer.action, inputs.peer)
  await interleaved(
    runs,
    async () => add(ours, await mainAndPost(env, 'setup-builder', inputs.ours)),
    async () => add(theirs, await mainAndPost(env, peer.action, inputs.peer))
  )
  const total = t => t.main.map((m, i) => m + t.post[i])
  const ratio = ratios(total(ours), total(theirs))
  console.log(
    `\n5. docker-container builder created, bootstrapped and removed (main + post step), ${runs} runs each:`
  )
  console.log(`   peer: docker/setup-buildx-action, ${peer.versions.join(', ')}, bundled with ncc`)
  for (const [label, t] of [
    ['setup-builder', ours],
    ['setup-buildx-action', theirs]
  ]) {
    console.log(`   ${label.padEnd(20)} main ${fmt(t.main)}; post ${fmt(t.post)}`)
    console.log(`   ${''.padEnd(20)} both ${fmt(total(t))}`)
  }
  console.log(`   ratio (ours / peer), run by run: ${fmt(ratio, x, '')}`)
  return [
    {
      target: 'setup-builder (docker-container, main + post) ≤ 1.0 × setup-buildx-action',
      figure: ratio,
      f: x,
      pass: median(ratio) <= 1
    }
  ]
}

/** The build step in a job of its own on `builder`, without its post step (the build record: the bare
 * build has none); a run id of its own, as two legs of one arch in one run attempt fail the hand-off. */
async function buildStep(env, d, ws, builder, inputs, extra = {}) {
  const job = new Job({
    env: { ...env, ...d.env(), BUILDX_BUILDER: builder, GITHUB_RUN_ID: `${Date.now()}`, ...extra },
    workspace: ws
  })
  const r = await job.run('.', inputs)
  job.dispose()
  if (r.code !== 0) throw new Error(`build step failed:\n${r.stdout}\n${r.stderr}`)
  return r
}

/** `runs` legs and bare builds, interleaved, each on `builder()`'s builder (its name, and a function
 * that removes it when made for that run). */
async function legs(env, d, ws, runs, builder, inputs) {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-leg-'))
  const leg = async () => {
    const b = await builder()
    const r = await buildStep(env, d, ws, b.name, inputs, b.env)
    await b.remove?.()
    return r
  }
  const first = await leg() // warm-up (cold the first time); its command line is the bare one
  const step = []
  const bare = []
  await interleaved(
    runs,
    async () => {
      const r = await leg()
      if (r.outputs['cache-misses'] !== '0') throw new Error(`leg not fully cached:\n${r.stdout}`)
      step.push(r.ms)
    },
    async () => {
      const b = await builder()
      const args = bareBuild(first.stdout, scratch, { '--builder': b.name })
      const r = await exec('docker', args, { env: { ...process.env, ...env }, cwd: ws })
      await b.remove?.()
      if (r.code !== 0) throw new Error(`bare build failed:\n${r.out}`)
      bare.push(r.ms)
    }
  )
  rmSync(scratch, { recursive: true, force: true })
  return { step, bare, argv: bareBuild(first.stdout, scratch, { '--builder': '<builder>' }) }
}

/** Where a leg's time goes beyond a plain build's, on the long-lived builder, interleaved: the leg, and
 * the hand-off build-push-action's users write for the same job (peerLeg); the leg
 * without a run id (no hand-off), a push of the same build by tag (no arch: no leg work at all), the
 * `buildx inspect` a drop-in leg ran first before it read buildx's store instead, the hand-off's
 * requests alone (claim, then the record) against the services double, and the bare build with the leg's
 * mark kept (as the bare builds above), new at every run as a leg's is (an annotation of the index its
 * provenance makes), and new as a label of the image (where the mark was before, and is without
 * attestations). */
async function legParts(env, d, ws, runs, { name: builder, env: exported }, inputs) {
  const plain = { ...inputs, arch: '', platforms: 'linux/amd64' }
  const plugin = buildxPlugin(env)
  const upload = await peerUploadBundle()
  const parts = {
    leg: [],
    peer: [],
    noHandOff: [],
    plain: [],
    inspect: [],
    handOff: [],
    markKept: [],
    markNew: [],
    labelNew: []
  }
  const scratch = mkdtempSync(join(tmpdir(), 'bench-mark-'))
  const leg = await buildStep(env, d, ws, builder, inputs, exported)
  const args = bareBuild(leg.stdout, scratch, { '--builder': builder })
  const at = args.findIndex(a => /io\.github\.buildx-action-suite\.leg=run=/.test(a))
  if (at < 0) throw new Error(`no leg mark in the leg's command line:\n${leg.stdout}`)
  const mark = args[at].replace(/^index:/, '')
  const bare = async (to, flag, value) => {
    const r = await exec('docker', args.with(at - 1, flag).with(at, value), {
      env: { ...process.env, ...env },
      cwd: ws
    })
    if (r.code !== 0) throw new Error(`bare build failed:\n${r.out}`)
    to.push(r.ms)
  }
  await interleaved(
    runs,
    async () => parts.leg.push((await buildStep(env, d, ws, builder, inputs, exported)).ms),
    async () => parts.peer.push(await peerLeg(env, d, ws, args, upload)),
    () => bare(parts.markKept, args[at - 1], args[at]),
    () => bare(parts.markNew, args[at - 1], `${args[at]}${Date.now()}`),
    () => bare(parts.labelNew, '--label', `${mark}${Date.now()}`),
    async () =>
      parts.noHandOff.push(
        (await buildStep(env, d, ws, builder, inputs, { ...exported, GITHUB_RUN_ID: '' })).ms
      ),
    async () => parts.plain.push((await buildStep(env, d, ws, builder, plain, exported)).ms),
    async () =>
      parts.inspect.push((await exec(plugin, ['inspect', builder], { env: { ...process.env, ...env } })).ms),
    async () => parts.handOff.push(await handOffAlone(d))
  )
  rmSync(scratch, { recursive: true, force: true })
  return parts
}

/**
 * The leg as build-push-action's multi-platform example writes it: the push by digest (the bare build,
 * with the leg's mark kept), then a `run:` step that writes the digest as a file name (bash) and
 * actions/upload-artifact uploading that folder as an artifact for the merge job (here @actions/artifact,
 * the client upload-artifact bundles, bundled with ncc as it is: peerUploadBundle) to the services
 * double. Each step in a process of its own, as the runner starts them; the sum of the three (ms).
 */
async function peerLeg(env, d, ws, args, upload) {
  const procEnv = { ...process.env, ...env }
  const built = await exec('docker', args, { env: procEnv, cwd: ws })
  if (built.code !== 0) throw new Error(`bare build failed:\n${built.out}`)
  const dir = mkdtempSync(join(tmpdir(), 'bench-digests-'))
  const digest = JSON.parse(readFileSync(args[args.indexOf('--metadata-file') + 1], 'utf8'))[
    'containerimage.digest'
  ]
  const exported = await exec('bash', [
    '-c',
    'mkdir -p "$1" && touch "$1/${2#sha256:}"',
    'export',
    dir,
    digest
  ])
  const uploaded = await exec(process.execPath, [upload, `digests-linux-amd64-${Date.now()}`, dir], {
    env: { ...process.env, ...d.env() }
  })
  rmSync(dir, { recursive: true, force: true })
  if (exported.code !== 0 || uploaded.code !== 0)
    throw new Error(`peer hand-off failed:\n${exported.out}\n${uploaded.out}`)
  return built.ms + exported.ms + uploaded.ms
}

/** upload-artifact's core as one ncc bundle (as that action ships): the folder's files as one artifact. */
async function peerUploadBundle() {
  const dir = join(repoRoot, '.build/bench/peer-upload')
  mkdirSync(dir, { recursive: true })
  const entry = join(dir, 'entry.mjs')
  const out = join(dir, 'dist')
  const source = [
    "import { readdirSync } from 'node:fs'",
    "import { join } from 'node:path'",
    "import { DefaultArtifactClient } from '@actions/artifact'",
    'const [name, root] = process.argv.slice(2)',
    'const files = readdirSync(root).map(f => join(root, f))',
    'await new DefaultArtifactClient().uploadArtifact(name, files, root, { retentionDays: 1 })',
    ''
  ].join('\n')
  const bundle = join(out, 'index.mjs')
  if (existsSync(bundle) && existsSync(entry) && readFileSync(entry, 'utf8') === source) return bundle
  writeFileSync(entry, source)
  const r = await exec(
    join(repoRoot, 'node_modules/.bin/ncc'),
    ['build', entry, '-o', out, '--minify', '-q'],
    {
      env: { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') }
    }
  )
  if (r.code !== 0) throw new Error(`ncc of the artifact upload failed:\n${r.out}`)
  return bundle
}

/** The leg's claim and hand-off alone, in a node process of their own as a leg makes them (ms, the
 * process's start aside): one request while the build runs, the upload once buildx has exported the
 * index, the commit after the build. */
async function handOffAlone(d) {
  const script = `
    const t0 = performance.now()
    const { cacheService, cacheServiceConfig } = await import(${JSON.stringify(join(repoRoot, '.build/bench/cache-service.mjs'))})
    const api = cacheService(cacheServiceConfig(process.env))
    const r = await api.create('bench-' + Date.now() + Math.random(), 'v')
    await api.fill(r, Buffer.from(JSON.stringify({ digest: 'sha256:' + 'a'.repeat(64) })))
    console.log(performance.now() - t0)`
  const r = await exec(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...d.env() }
  })
  if (r.code !== 0) throw new Error(`hand-off alone failed:\n${r.out}`)
  return Number(r.out.trim())
}

/** Without setup-builder's facts: the job env of a drop-in user (the builder named, nothing exported). */
const dropIn = exported =>
  Object.fromEntries(Object.entries(exported ?? {}).filter(([k]) => k !== BUILDER_FACTS))

/** `shared` is a long-lived docker-container builder (containerBuilder). Four configurations, each as
 * ratios of medians of run-by-run pairs against the bare push by digest the leg runs: a long-lived and a
 * fresh builder, with and without setup-builder's exported facts. */
export async function benchLegPublish(env, { runs, nonce, shared }) {
  await bundleCacheService()
  const d = await startDouble()
  const ws = workspace(env, `leg-${nonce}`)
  const inputs = { arch: 'amd64', tags: `${env.E2E_REGISTRY}/bench/leg-${nonce}:1`, push: true, cache: 'max' }
  const fresh = async facts => {
    const b = await containerBuilder(env)
    return { ...b, env: facts ? b.env : dropIn(b.env) }
  }
  const configs = [
    ['long-lived builder, with setup-builder facts', async () => ({ name: shared.name, env: shared.env })],
    ['long-lived builder, drop-in (no facts)', async () => ({ name: shared.name, env: dropIn(shared.env) })],
    ['fresh builder per run, with setup-builder facts', () => fresh(true)],
    ['fresh builder per run, drop-in (no facts)', () => fresh(false)]
  ]
  const results = []
  for (const [what, builder] of configs)
    results.push([what, await legs(env, d, ws.dir, runs, builder, inputs)])
  const parts = await legParts(env, d, ws.dir, runs, shared, inputs)
  await d.close()
  rmSync(ws.dir, { recursive: true, force: true })

  console.log(`\n6. matrix leg publish, arch: amd64, push: true, cache: max, ${runs} pairs each:`)
  console.log(`   docker ${results[0][1].argv.join(' ')}`)
  const rows = []
  for (const [what, o] of results) {
    const ratio = median(o.step) / median(o.bare)
    console.log(`   ${what}:`)
    console.log(`     leg (dist via runner emulation, main step): ${secs(o.step)}`)
    console.log(`     bare docker buildx build:                    ${secs(o.bare)}`)
    console.log(`     the leg's own time, run by run: ${fmt(o.step.map((t, i) => t - o.bare[i]))}`)
    console.log(`     ratio of medians ${x(ratio)}; run by run: ${fmt(ratios(o.step, o.bare), x, '')}`)
    rows.push({
      target: `leg publish (${what}) ≤ 1.10 × bare push-by-digest`,
      figure: ratios(o.step, o.bare),
      f: x,
      ratio,
      interval: ratioInterval(o.step, o.bare),
      pass: ratio <= 1.1
    })
  }
  console.log(`   against the hand-off build-push-action's users write (long-lived builder, with facts):`)
  console.log(`     leg (build step, its hand-off through the Actions cache):  ${fmt(parts.leg)}`)
  console.log(`     bare push + digest file (bash) + upload-artifact's client: ${fmt(parts.peer)}`)
  const vsPeer = median(parts.leg) / median(parts.peer)
  console.log(`     ratio of medians ${x(vsPeer)}; run by run: ${fmt(ratios(parts.leg, parts.peer), x, '')}`)
  console.log(`   where a leg's own time goes (long-lived builder, with facts):`)
  console.log(`     leg without a run id (no hand-off):          ${fmt(parts.noHandOff)}`)
  console.log(`     the same build pushed by tag (no arch):      ${fmt(parts.plain)}`)
  console.log(`     docker-buildx inspect (what the store read replaces): ${fmt(parts.inspect)}`)
  console.log(
    `     claim + hand-off requests alone (3, loopback double): ${fmt(parts.handOff, v => v.toFixed(1))}`
  )
  console.log(`     bare build, the leg's mark kept:             ${fmt(parts.markKept)}`)
  console.log(`     bare build, the mark new every run (a leg):  ${fmt(parts.markNew)}`)
  console.log(`     bare build, a label new every run instead:   ${fmt(parts.labelNew)}`)
  return rows
}

/** lib/cache-service.ts as a module node can import (the bench times the client, not its bundle). */
async function bundleCacheService() {
  const out = join(repoRoot, '.build/bench')
  mkdirSync(out, { recursive: true })
  const r = await exec(process.execPath, [
    join(repoRoot, 'node_modules/typescript/bin/tsc'),
    '--outDir',
    out,
    '--module',
    'nodenext',
    '--target',
    'es2022',
    '--skipLibCheck',
    join(repoRoot, 'lib/cache-service.ts')
  ])
  if (r.code !== 0) throw new Error(`tsc lib/cache-service.ts failed:\n${r.out}`)
  for (const f of ['cache-service', 'http']) renameSync(join(out, `${f}.js`), join(out, `${f}.mjs`))
  const fixed = readFileSync(join(out, 'cache-service.mjs'), 'utf8').replace("'./http.js'", "'./http.mjs'")
  writeFileSync(join(out, 'cache-service.mjs'), fixed)
}
