// Hostile strings and the checks that hold the doors to them: what the runner would run from a log
// (actions/runner's command parsing, mimicked), and what markup a summary's Markdown produces (GFM, as
// marked reads it). Shared by the door tests and the action input tests.
import fc from 'fast-check'
import { Marked, type Token } from 'marked'

/** Fragments that mean something to the runner, Markdown, HTML or Mermaid. */
const FRAGMENTS = [
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u00a0',
  '\t',
  ' ',
  '::',
  '::error::pwned',
  '::error title=X,file=a.ts::Y',
  '::add-mask::x',
  '::stop-commands::t',
  '::set-output name=a::b',
  '##[error]pwned',
  '##[set-output name=a;]b',
  '%0A',
  '%0D',
  '%25',
  '%3A',
  '[link](https://evil.example/x)',
  '![img](https://evil.example/p.png)',
  '<img src=https://evil.example/p.png>',
  '<a href="https://evil.example">a</a>',
  '<script>alert(1)</script>',
  '<!-- c -->',
  'https://evil.example/x',
  'www.evil.example',
  'user@evil.example',
  '<https://evil.example>',
  '[x]: https://evil.example',
  '`',
  '```',
  '**b**',
  '_i_',
  '~~s~~',
  '|',
  '\\',
  '# h',
  '> q',
  '- l',
  '1. l',
  '---',
  '$x^2$',
  '&amp;',
  '&#60;',
  ':smile:',
  '%%',
  '#35;',
  ';',
  'click x call alert()',
  'title X',
  'section S',
  '-->',
  '"',
  "'",
  '\u0000',
  '\ud83d\ude00'
]

/** A hostile string: runner commands, Markdown, HTML, Mermaid syntax, line breaks of every kind. */
export const hostile = (): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...FRAGMENTS),
        fc.string({ maxLength: 8 }),
        fc.string({ unit: 'grapheme', maxLength: 4 })
      ),
      {
        maxLength: 12
      }
    )
    .map(parts => parts.join(''))

/** A hostile string of about 1 MB (for the size caps and the cost of escaping). */
export const hostileMegabyte = (): fc.Arbitrary<string> =>
  hostile().map(s =>
    (s || '::error::x\n').repeat(Math.ceil(1_048_576 / Math.max(1, s.length))).slice(0, 1_048_576)
  )

const REGISTERED = [
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'echo',
  'stop-commands'
]

/** A command the runner would run: its name and its data as written. */
export interface RunnerCommand {
  name: string
  line: string
}

/**
 * The commands the runner would run from `output` (stdout or stderr): lines split as .NET ReadLine splits
 * them, `::name …::` after TrimStart or `##[name …]` anywhere, stop-commands honoured until its token.
 */
export function runnerCommands(output: string): RunnerCommand[] {
  const run: RunnerCommand[] = []
  let stopToken: string | undefined
  for (const raw of output.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/^[\s\u0085]+/, '')
    let name: string | undefined
    let data = ''
    if (line.startsWith('::') && line.indexOf('::', 2) > 0) {
      const info = line.slice(2, line.indexOf('::', 2))
      name = info.split(' ')[0]
      data = line.slice(line.indexOf('::', 2) + 2)
    } else if (raw.includes('##[') && raw.indexOf(']', raw.indexOf('##[')) > 0) {
      const at = raw.indexOf('##[')
      name = raw.slice(at + 3, raw.indexOf(']', at)).split(' ')[0]
      data = raw.slice(raw.indexOf(']', at) + 1)
    }
    if (name === undefined) continue
    if (stopToken !== undefined) {
      if (name === stopToken) stopToken = undefined
      continue
    }
    if (name === 'stop-commands') {
      stopToken = data
      continue
    }
    if (REGISTERED.includes(name)) run.push({ name, line: raw })
  }
  return run
}

const marked = new Marked({ gfm: true })

/** Every token in `markdown`, depth first (block and inline). */
export function tokens(markdown: string): Token[] {
  const out: Token[] = []
  const walk = (list: Token[]) => {
    for (const t of list) {
      out.push(t)
      const anyT = t as Token & {
        tokens?: Token[]
        items?: Token[]
        header?: { tokens: Token[] }[]
        rows?: { tokens: Token[] }[][]
      }
      if (anyT.tokens) walk(anyT.tokens)
      if (anyT.items) walk(anyT.items)
      if (anyT.header) for (const c of anyT.header) walk(c.tokens)
      if (anyT.rows) for (const r of anyT.rows) for (const c of r) walk(c.tokens)
    }
  }
  walk(marked.lexer(markdown))
  return out
}

/** The inline markup Markdown makes of `markdown`: links, images, HTML, code, emphasis (not plain text). */
export const inlineMarkup = (markdown: string): Token[] =>
  tokens(markdown).filter(
    t => !['text', 'escape', 'paragraph', 'space', 'table', 'heading', 'blockquote'].includes(t.type)
  )

/** The HTML marked renders of `markdown`. */
export const render = (markdown: string): string => marked.parse(markdown) as string
