// The import graph of one action's folder: its circles and the imports that run back up. A module
// directly in the folder is on the ground floor when nothing it imports, directly or not, lies in a
// sub-folder (build/model.ts: the types the areas share); an import from a sub-folder (an area) to a
// module of the folder that is not on the ground floor runs back up. Dynamic imports count: a chunk that
// imports the module loading it is a circle too. `node scripts/import-graph.mjs [build]` prints them.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/g
const DYNAMIC = /import\('([^']+)'\)/g

/** Every .ts module under `folder` (relative to the repository), with what it imports inside `folder`. */
export function importGraph(folder) {
  const root = join(repoRoot, folder)
  const files = readdirSync(root, { recursive: true })
    .map(String)
    .filter(f => f.endsWith('.ts'))
    .map(f => f.split('\\').join('/'))
  const graph = new Map()
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8')
    const edges = []
    const add = (spec, typeOnly) => {
      if (!spec.startsWith('.')) return
      const to = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts')
      if (!to.startsWith('..')) edges.push({ to, typeOnly })
    }
    for (const m of text.matchAll(IMPORT)) add(m[3], Boolean(m[2]))
    for (const m of text.matchAll(DYNAMIC)) add(m[1], false)
    graph.set(file, edges)
  }
  return graph
}

/** The circles: each strongly connected set of two or more modules (Tarjan), sorted. */
export function circles(graph, { runtimeOnly = false } = {}) {
  const next = f => (graph.get(f) ?? []).filter(e => !runtimeOnly || !e.typeOnly).map(e => e.to)
  let index = 0
  const idx = new Map()
  const low = new Map()
  const stack = []
  const on = new Set()
  const found = []
  const visit = v => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of next(v)) {
      if (!graph.has(w)) continue
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v), low.get(w)))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)))
    }
    if (low.get(v) === idx.get(v)) {
      const scc = []
      let w
      do {
        w = stack.pop()
        on.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1) found.push(scc.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v)
  return found.sort((a, b) => a[0].localeCompare(b[0]))
}

/** The modules directly in the folder that reach no sub-folder module, however indirectly. */
export function groundFloor(graph) {
  const reaches = (f, seen = new Set()) => {
    if (seen.has(f)) return false
    seen.add(f)
    return (graph.get(f) ?? []).some(e => e.to.includes('/') || reaches(e.to, seen))
  }
  return [...graph.keys()].filter(f => !f.includes('/') && !reaches(f)).sort()
}

/** Imports from a sub-folder module to a module of the folder above the ground floor, as `from -> to`. */
export function upwardImports(graph, { runtimeOnly = false } = {}) {
  const ground = new Set(groundFloor(graph))
  const up = []
  for (const [from, edges] of graph)
    for (const e of edges)
      if (from.includes('/') && !e.to.includes('/') && !ground.has(e.to) && !(runtimeOnly && e.typeOnly))
        up.push(`${from} -> ${e.to}`)
  return [...new Set(up)].sort()
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const folder = process.argv[2] ?? 'build'
  const graph = importGraph(folder)
  const all = circles(graph)
  const runtime = circles(graph, { runtimeOnly: true })
  const up = upwardImports(graph)
  console.log(`${folder}/: ${graph.size} modules; ground floor: ${groundFloor(graph).join(' ')}`)
  console.log(`circles: ${all.length} (${runtime.length} without type-only imports)`)
  for (const c of all) console.log(`  ${c.join(' ')}`)
  console.log(
    `upward imports: ${up.length} (${upwardImports(graph, { runtimeOnly: true }).length} without type-only)`
  )
  for (const u of up) console.log(`  ${u}`)
}
