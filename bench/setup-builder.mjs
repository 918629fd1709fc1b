// setup-builder with the docker driver (bundled dist, through the runner emulation; syntax: none, as
// there is no Docker Hub here) vs a bare `docker buildx inspect --bootstrap` of the same builder
// (DESIGN §8: ≤ 1.0 ×), runs interleaved; then where the step's time goes: node start-up, bundle load, and the
// commands it runs (recorded by a spy run), each timed alone.
import { join } from 'node:path'
import { Job } from '../test-support/runner.mjs'
import { repoRoot } from '../test-support/engine.mjs'
import { dockerSpy } from '../test-support/docker-spy.mjs'
import { exec, fmt, interleaved, median, ratioInterval, ratios } from './stats.mjs'

export async function benchSetupBuilder(env, { runs }) {
  const procEnv = { ...process.env, ...env }
  const job = new Job({ env })
  const inputs = { driver: 'docker', syntax: 'none' }
  const spy = dockerSpy(env)

  // The commands: one spied run of the step, one of the bare inspect it is compared with.
  const spied = await job.run('setup-builder', inputs, { env: spy.env })
  if (spied.code !== 0) throw new Error(`setup-builder failed:\n${spied.stdout}\n${spied.stderr}`)
  const stepCalls = spy.take()
  const name = spied.outputs.name
  const inspect = ['buildx', 'inspect', '--bootstrap', name]
  await exec('docker', inspect, { env: { ...procEnv, ...spy.env } })
  const bareCalls = spy.take()

  const step = []
  const bare = []
  await job.run('setup-builder', inputs) // warm-up: page cache, the engine's builder state
  await interleaved(
    runs,
    async () => {
      const r = await job.run('setup-builder', inputs)
      if (r.code !== 0) throw new Error(`setup-builder failed:\n${r.stdout}\n${r.stderr}`)
      step.push(r.ms)
    },
    async () => {
      const b = await exec('docker', inspect, { env: procEnv })
      if (b.code !== 0) throw new Error(`bare inspect failed:\n${b.out}`)
      bare.push(b.ms)
    }
  )

  // Where the step's time goes, each part alone: node, node + bundle + input parsing (a bad input
  // stops before any command), each command the step ran, and the same through the docker CLI.
  const bundle = join(repoRoot, 'dist/setup-builder/index.js')
  const parts = { node: [], bundle: [] }
  const commands = stepCalls.map(c => {
    const [program, ...args] = c.split(' ')
    return { label: c, program: program === 'docker' ? 'docker' : spy.plugin(program), args }
  })
  const viaCli = stepCalls
    .filter(c => c.startsWith('docker-buildx '))
    .map(c => ({
      label: `docker buildx ${c.slice('docker-buildx '.length)}`,
      args: ['buildx', ...c.split(' ').slice(1)]
    }))
  for (const c of [...commands, ...viaCli]) parts[c.label] = []
  for (let i = 0; i < runs; i++) {
    parts.node.push((await exec(process.execPath, ['-e', ''])).ms)
    parts.bundle.push(
      (await exec(process.execPath, [bundle], { env: { ...procEnv, INPUT_DRIVER: 'bogus' } })).ms
    )
    for (const c of commands) parts[c.label].push((await exec(c.program, c.args, { env: procEnv })).ms)
    for (const c of viaCli) parts[c.label].push((await exec('docker', c.args, { env: procEnv })).ms)
  }
  job.dispose()
  spy.dispose()

  const ratio = ratios(step, bare)
  const x = v => `${v.toFixed(3)}×`
  console.log(`\n3. setup-builder, driver: docker, syntax: none, ${runs} runs each:`)
  console.log(`   setup-builder (dist via runner emulation): ${fmt(step)}`)
  console.log(`   bare docker ${inspect.join(' ')}:     ${fmt(bare)}`)
  const ofMedians = median(step) / median(bare)
  console.log(`   ratio of medians ${x(ofMedians)}; run by run: ${fmt(ratio, x, '')}`)
  console.log(`   where the step's time goes (each part alone):`)
  console.log(`     node start-up                         ${fmt(parts.node)}`)
  console.log(`     node + bundle load + input parsing    ${fmt(parts.bundle)}`)
  console.log(`     the step's ${commands.length} processes, started at once:`)
  for (const c of commands) console.log(`       ${c.label.padEnd(34)} ${fmt(parts[c.label])}`)
  console.log(`     the same through the docker CLI (the CLI starts, then runs the plugin twice):`)
  for (const c of viaCli) console.log(`       ${c.label.padEnd(34)} ${fmt(parts[c.label])}`)
  console.log(`   processes of the bare inspect: ${bareCalls.join('; ')}`)
  return [
    {
      target: 'setup-builder (docker driver) ≤ 1.0 × bare buildx inspect --bootstrap',
      figure: ratio,
      f: x,
      ratio: ofMedians,
      interval: ratioInterval(step, bare),
      pass: ofMedians <= 1
    }
  ]
}
