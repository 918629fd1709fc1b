// npm run readme: the inputs and outputs tables of each action in README.md, generated from its
// action.yml between marker comments (<!-- inputs:build --> … <!-- /inputs:build -->, the same for
// outputs), then the README formatted with the project's prettier settings, so running it again
// changes nothing. __tests__/readme.test.ts fails when the README's tables and the action.yml files
// disagree; it reads the tables back with parseTable(). It also writes build/inputs/action-inputs.ts, the
// build action's input names and defaults, from which build derives the inputs a merge refuses.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

export const ACTION_INPUTS_MODULE = 'build/inputs/action-inputs.ts'

/** Each action's name in the markers, and its action.yml. */
export const ACTIONS = {
  build: 'action.yml',
  'setup-builder': 'setup-builder/action.yml',
  prune: 'prune/action.yml'
}

const oneLine = s =>
  String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim()

/** What the tables say, straight from an action.yml: names, defaults and descriptions on one line. */
export function rowsOf(meta) {
  return {
    inputs: Object.entries(meta.inputs ?? {}).map(([name, spec]) => ({
      name,
      default: spec?.default === undefined ? '' : oneLine(spec.default),
      description: oneLine(spec?.description)
    })),
    outputs: Object.entries(meta.outputs ?? {}).map(([name, spec]) => ({
      name,
      description: oneLine(spec?.description)
    }))
  }
}

export const readAction = action => parse(readFileSync(join(repoRoot, ACTIONS[action]), 'utf8'))

/** Text as a table cell: `|` escaped everywhere (GitHub splits cells on it even in code spans), `<`
 * outside code spans (`<repository>` would be read as an HTML tag and dropped). */
export function escapeCell(text) {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '\\<')))
    .join('')
    .replace(/\|/g, '\\|')
}

/** A value as a code span, fenced with more backticks than it contains. */
export function code(value) {
  if (value === '') return ''
  const fence = '`'.repeat(Math.max(0, ...(value.match(/`+/g) ?? []).map(r => r.length)) + 1)
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  return escapeCell(`${fence}${pad}${value}${pad}${fence}`)
}

const row = cells => `| ${cells.join(' | ')} |`

export function renderTable(kind, rows) {
  const head = kind === 'inputs' ? ['input', 'default', 'description'] : ['output', 'description']
  const body = rows.map(r =>
    kind === 'inputs'
      ? row([code(r.name), code(r.default), escapeCell(r.description)])
      : row([code(r.name), escapeCell(r.description)])
  )
  return [row(head), row(head.map(() => '---')), ...body].join('\n')
}

const markers = (kind, action) => [`<!-- ${kind}:${action} -->`, `<!-- /${kind}:${action} -->`]

/** The README with every marked table regenerated; a missing marker is an error naming it. */
export function updateReadme(readme, metas) {
  let out = readme
  for (const [action, meta] of Object.entries(metas)) {
    const rows = rowsOf(meta)
    for (const kind of ['inputs', 'outputs']) {
      const [open, close] = markers(kind, action)
      const start = out.indexOf(open)
      const end = out.indexOf(close)
      if (start < 0 || end < start) throw new Error(`README.md: no ${open} … ${close} block`)
      out = `${out.slice(0, start + open.length)}\n\n${renderTable(kind, rows[kind])}\n\n${out.slice(end)}`
    }
  }
  return out
}

/** A cell's text as written: backslash escapes undone outside code spans, `\|` inside them. */
export function unescapeCell(cell) {
  return cell
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 ? part.replace(/\\\|/g, '|') : part.replace(/\\([!-/:-@[-`{-~])/g, '$1')))
    .join('')
}

/** A code span's content (`x` → x), or the cell as it is. */
const uncode = cell => /^(`+) ?([\s\S]*?) ?\1$/.exec(cell)?.[2] ?? cell

/** The rows of a marked table in the README, as rowsOf() gives them; undefined without markers. */
export function parseTable(readme, kind, action) {
  const [open, close] = markers(kind, action)
  const start = readme.indexOf(open)
  const end = readme.indexOf(close)
  if (start < 0 || end < start) return undefined
  const lines = readme
    .slice(start + open.length, end)
    .split('\n')
    .filter(l => l.trim().startsWith('|'))
  return lines.slice(2).map(line => {
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map(c => unescapeCell(c.trim()))
    return kind === 'inputs'
      ? { name: uncode(cells[0]), default: uncode(cells[1]), description: cells[2] }
      : { name: uncode(cells[0]), description: cells[1] }
  })
}

/** build/inputs/action-inputs.ts: each input of the build action and its default, as build reads them
 * (the merge refuses the inputs it does not use when they differ from their default). */
export function actionInputsModule(meta) {
  const entries = rowsOf(meta).inputs.map(r => `  ${JSON.stringify(r.name)}: ${JSON.stringify(r.default)},`)
  return [
    '// Generated from action.yml by `npm run readme` (__tests__/readme.test.ts fails when they disagree):',
    '// every input of the build action, with its default.',
    'export const ACTION_INPUTS: Readonly<Record<string, string>> = {',
    ...entries,
    '}',
    ''
  ].join('\n')
}

async function main() {
  const prettier = await import('prettier')
  const file = join(repoRoot, 'README.md')
  const before = readFileSync(file, 'utf8')
  const metas = Object.fromEntries(Object.keys(ACTIONS).map(a => [a, readAction(a)]))
  const options = { ...(await prettier.resolveConfig(file)), filepath: file }
  const after = await prettier.format(updateReadme(before, metas), options)
  const module = join(repoRoot, ACTION_INPUTS_MODULE)
  const inputs = await prettier.format(actionInputsModule(metas.build), {
    ...(await prettier.resolveConfig(module)),
    filepath: module
  })
  if (readFileSync(module, 'utf8') !== inputs) {
    writeFileSync(module, inputs)
    console.log(`${ACTION_INPUTS_MODULE}: regenerated from action.yml`)
  }
  if (after === before) return console.log('README.md: the action tables are up to date')
  writeFileSync(file, after)
  console.log('README.md: action tables regenerated from', Object.values(ACTIONS).join(', '))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
