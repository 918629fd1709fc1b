// node bench/startup.mjs [runs]: what @actions/core costs a step at start-up, and what an ES module
// bundle costs against a CommonJS one. One-line programs bundled by ncc (minified), each run `runs` times
// (default 21), interleaved: bare node printing a line, the suite's lib/runtime.ts printing it (info) as
// ESM (ncc's CLI) and as CommonJS (scripts/bundle.mjs, as the actions are bundled), and @actions/core
// printing it (core.info, ESM). Prints bundle sizes and median / min / max wall times; README "Why no
// @actions/core" and "ESM sources, CommonJS bundles" quote the figures.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exec, fmt, interleaved, median } from './stats.mjs'
import { bundle } from '../scripts/bundle.mjs'

const runs = Number(process.argv[2] || 21)
const root = new URL('..', import.meta.url).pathname
// Inside the repository, so the entries resolve its node_modules and tsconfig as the actions do.
const dir = mkdtempSync(join(root, '.bench-startup-'))
try {
  const entries = {
    node: "process.stdout.write('x\\n')\n",
    runtime: "import { info } from '../lib/runtime.js'\ninfo('x')\n",
    core: "import * as core from '@actions/core'\ncore.info('x')\n"
  }
  const bundles = {}
  for (const [name, code] of Object.entries(entries)) {
    writeFileSync(join(dir, `${name}.ts`), code)
    const out = join(dir, name)
    execFileSync(
      join(root, 'node_modules/.bin/ncc'),
      ['build', join(dir, `${name}.ts`), '-o', out, '--minify', '-q'],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit']
      }
    )
    bundles[name] = join(out, 'index.js')
  }
  await bundle(join(dir, 'runtime.ts'), join(dir, 'runtime-cjs'))
  bundles['runtime-cjs'] = join(dir, 'runtime-cjs', 'index.js')
  const names = Object.keys(bundles)
  const times = Object.fromEntries(names.map(n => [n, []]))
  const step = name => async () => {
    const r = await exec(process.execPath, [bundles[name]])
    if (r.code !== 0 || r.out.trim() !== 'x') throw new Error(`${name}: ${r.out}`)
    times[name].push(r.ms)
  }
  await interleaved(2, ...names.map(step)) // warm the file cache
  for (const t of Object.values(times)) t.length = 0
  await interleaved(runs, ...names.map(step))
  console.log(`node ${process.version}, ${runs} runs each, interleaved`)
  for (const name of names)
    console.log(
      `${name.padEnd(12)} ${String(statSync(bundles[name]).size).padStart(7)} B  ${fmt(times[name])}`
    )
  const cost = name => median(times[name]) - median(times.node)
  console.log(
    `start-up over bare node: runtime +${cost('runtime').toFixed(0)} ms (as CommonJS +${cost('runtime-cjs').toFixed(0)} ms), @actions/core +${cost('core').toFixed(0)} ms`
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
