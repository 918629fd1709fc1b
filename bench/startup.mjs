// node bench/startup.mjs [runs]: what @actions/core costs a step at start-up, bundled as the actions are
// bundled (ncc, minified, ESM). Three one-line programs, each run `runs` times (default 21), interleaved:
// bare node printing a line, the suite's lib/runtime.ts printing it (info), and @actions/core printing it
// (core.info). Prints bundle sizes and median / min / max wall times; README "Why no @actions/core"
// quotes the figures.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exec, fmt, interleaved, median } from './stats.mjs'

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
  const times = { node: [], runtime: [], core: [] }
  const step = name => async () => {
    const r = await exec(process.execPath, [bundles[name]])
    if (r.code !== 0 || r.out.trim() !== 'x') throw new Error(`${name}: ${r.out}`)
    times[name].push(r.ms)
  }
  await interleaved(2, step('node'), step('runtime'), step('core')) // warm the file cache
  for (const t of Object.values(times)) t.length = 0
  await interleaved(runs, step('node'), step('runtime'), step('core'))
  console.log(`node ${process.version}, ${runs} runs each, interleaved`)
  for (const name of Object.keys(entries))
    console.log(
      `${name.padEnd(8)} ${String(statSync(bundles[name]).size).padStart(7)} B  ${fmt(times[name])}`
    )
  const cost = name => median(times[name]) - median(times.node)
  console.log(
    `start-up over bare node: runtime +${cost('runtime').toFixed(0)} ms, @actions/core +${cost('core').toFixed(0)} ms`
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
