// Shared by the benchmarks: timed child processes, median / min / max, and the final table.
import { spawn } from 'node:child_process'

/** Runs a command to completion: exit code, stdout + stderr, wall time in ms. */
export function exec(cmd, args, { env = process.env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (out += d))
    child.on('error', reject)
    child.on('close', code => resolve({ code, out, ms: Number(process.hrtime.bigint() - started) / 1e6 }))
  })
}

/** The middle value (the upper one of the two for an even count). */
export const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export const summary = xs => ({
  median: median(xs),
  min: Math.min(...xs),
  max: Math.max(...xs),
  n: xs.length
})

/** `median 123 ms (min 110, max 140)`, or with another unit / formatter. */
export function fmt(xs, f = v => v.toFixed(0), unit = ' ms') {
  const s = summary(xs)
  return `median ${f(s.median)}${unit} (min ${f(s.min)}, max ${f(s.max)})`
}

/** Same-index pairs, `a[i] / b[i]`: each run is compared with its neighbour, not with the others. */
export const ratios = (a, b) => a.map((x, i) => x / b[i])

/**
 * How far the ratio of medians of `a` to `b` moves with the runs drawn: a paired bootstrap (pairs drawn
 * with replacement, `draws` times, from a fixed seed so a run's table reads the same when printed
 * again), its 2.5th and 97.5th percentiles. A target inside the interval is within the run-to-run noise
 * of this run: the pass or miss could go either way on the same machine.
 */
export function ratioInterval(a, b, draws = 2000) {
  let seed = 0x2545f491
  const random = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) / 2 ** 32
  }
  const n = Math.min(a.length, b.length)
  const out = []
  for (let d = 0; d < draws; d++) {
    const pick = Array.from({ length: n }, () => Math.floor(random() * n))
    out.push(median(pick.map(i => a[i])) / median(pick.map(i => b[i])))
  }
  out.sort((x, y) => x - y)
  return [out[Math.floor(draws * 0.025)], out[Math.floor(draws * 0.975)]]
}

/** Calls `fns` `runs` times each, interleaved in alternating order, so drift hits them alike. */
export async function interleaved(runs, ...fns) {
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? fns : [...fns].reverse()
    for (const f of order) await f()
  }
}

/**
 * The closing table. A row: { target, figure (numbers), f (formatter), pass (boolean), ratio?,
 * interval? }. The figure shown is the median with min–max, after the ratio of medians (and its 95 %
 * interval, ratioInterval) when the row compares two sides; pass is decided by the module that
 * measured it.
 */
export function table(rows) {
  const cells = rows.map(r => {
    const s = summary(r.figure)
    const spread = `${r.f(s.median)} (${r.f(s.min)} – ${r.f(s.max)}, n=${s.n})`
    // A side-by-side row: the ratio of the two medians, then the run-by-run ratios' spread.
    const interval = r.interval ? ` [${r.f(r.interval[0])} – ${r.f(r.interval[1])}]` : ''
    const figure = r.ratio === undefined ? spread : `${r.f(r.ratio)}${interval}; pairs ${spread}`
    return [r.target, figure, r.pass ? 'pass' : 'MISS']
  })
  const head = [
    'target (DESIGN §8)',
    'figure: ratio of medians [95 % interval]; pairs median (min – max)',
    ''
  ]
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map(c => c[i].length)))
  const line = c => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`
  return [line(head), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n')
}
