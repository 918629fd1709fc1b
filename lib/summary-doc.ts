// The summary door: job summaries (GitHub-flavoured Markdown with HTML) are built here and only here.
// Text is anything not written by the suite itself (cache keys, refs, image names, error messages) and
// is escaped on the way in; markup is a Markup value, which only the builders below make. So a call
// site cannot put raw text into a summary: `gfm` escapes every string it interpolates.
import { parseList } from './inputs.js'

/** Markdown/HTML the suite wrote; nothing else reaches a summary unescaped. */
export class Markup {
  readonly #text: string
  private constructor(text: string) {
    this.#text = text
  }
  /** Only this module makes markup from a string. */
  static trusted(text: string): Markup {
    return new Markup(text)
  }
  toString(): string {
    return this.#text
  }
}
const trusted = (text: string) => Markup.trusted(text)

export type Piece = Markup | string | number

// Characters that mean something to GFM, GitHub's math or HTML anywhere in a line, as numeric
// references, which CommonMark always reads as literal text: HTML (& < > " '), code spans, emphasis,
// strikethrough, links and images ([ ] !), table cells (|), escapes (\), math ($), and the starts of
// autolinks (the `:` of `scheme://`, `mailto:` and `xmpp:`, the `@` of an address, the `.` of `www.`).
const INLINE = /[&<>"'`*_~[\]!|\\$@]|:(?=\/\/)|(?<=mailto|xmpp):|(?<=www)\./gi
// At the start of a line: headings, quotes, lists, thematic breaks, setext underlines, indented code.
const LINE_START = /^(\s*)([#>+=-]|\d{1,9}[.)](?=\s|$))/
const ref = (c: string) => `&#${c.codePointAt(0)};`

/** Text as inert Markdown: shown as it is, never markup, a link or an image, on one line. */
export function escapeText(text: string): string {
  const flat = String(text).replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ')
  return flat
    .replace(INLINE, ref)
    .replace(LINE_START, (_, space: string, mark: string) => `${space}${ref(mark[0])}${mark.slice(1)}`)
    .replace(/^\s+/, space => space.replace(/\s/g, ref))
}

const piece = (p: Piece): string => (p instanceof Markup ? p.toString() : escapeText(String(p)))

/** Markdown with its text escaped: gfm`### prune: ${target}` (a Markup value is kept as it is). */
export function gfm(strings: TemplateStringsArray, ...values: Piece[]): Markup {
  return trusted(strings.reduce((out, s, i) => out + s + (i < values.length ? piece(values[i]) : ''), ''))
}

/** Pieces joined with a separator (text escaped). */
export const join = (parts: Piece[], separator = ''): Markup => trusted(parts.map(piece).join(separator))

/** Inline code: <code>, its text escaped (a backtick span cannot hold every string). */
export const code = (text: string): Markup => gfm`<code>${text}</code>`

/** A table: one row per entry, every cell escaped (a `|` or line break in a cell cannot add one). */
export function table(head: Piece[], rows: Piece[][], align: ('left' | 'right')[] = []): Markup {
  const line = (cells: Piece[]) => `| ${cells.map(piece).join(' | ')} |`
  const rule = head.map((_, i) => (align[i] === 'right' ? '---:' : '---'))
  return trusted([line(head), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n'))
}

/** A document: blocks separated by blank lines. */
export const doc = (...blocks: Markup[]): Markup => trusted(blocks.map(String).join('\n\n'))

/**
 * A Mermaid label (a gantt task, a node's text): every character but letters, digits, space and
 * `._/-+,()` as Mermaid's entity code `#<code point>;`, which Mermaid draws as the character and never
 * reads as syntax (`:`, `;`, `#`, `%%`, `<…>`, keywords at a line start, line breaks).
 */
export function mermaidLabel(text: string, max = 70): string {
  const chars = [...String(text).replace(/\s+/g, ' ').trim()]
  const cut = chars.length > max
  const kept = (cut ? chars.slice(0, max - 1) : chars).join('')
  // Printable ASCII (nearly every label) without the Unicode classes, whose first use costs a build's
  // summary about half a millisecond: the same characters stay.
  const coded =
    (/^[\x20-\x7e]*$/.test(kept)
      ? kept.replace(/[^A-Za-z0-9 ._/+,()-]/g, entity)
      : kept.replace(/[^\p{L}\p{N} ._/+,()-]/gu, entity)) + (cut ? '…' : '')
  // A word Mermaid reads as a directive at the start of a line (title, section, click, …): a
  // zero-width space before it.
  return MERMAID_KEYWORD.test(coded) ? `#8203;${coded}` : coded || '#183;'
}
const entity = (c: string) => `#${c.codePointAt(0)};`
const MERMAID_KEYWORD =
  /^(title|section|dateFormat|axisFormat|tickInterval|excludes|includes|todayMarker|weekday|weekend|inclusiveEndDates|topAxis|displayMode|accTitle|accDescr|click|style|classDef|class|link|callback|graph|flowchart|subgraph|end)\b/i

/** Inputs whose values hold secrets: the summary shows their ids at most, never a value. */
export const SECRET_INPUTS: Readonly<Record<string, 'ids' | 'hidden'>> = {
  secrets: 'ids',
  'secret-envs': 'ids',
  'secret-files': 'ids',
  'github-token': 'hidden',
  token: 'hidden',
  password: 'hidden',
  'registry-password': 'hidden'
}

/** A secret's id as buildx takes it: the only part of a secret-bearing input a summary shows. */
const SECRET_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/

/**
 * What a summary may show of an input. Secret-bearing inputs (SECRET_INPUTS, and any whose name says
 * token, password or secret) show the ids of their `id=value` entries, read as the action reads the
 * list, and nothing else: an entry whose id is not a plain name, or whose value is empty or only `=`
 * (a line of base64 padding), shows as `?`. Every other input shows as given.
 */
export function shownInput(name: string, value: string): string {
  const kind = SECRET_INPUTS[name] ?? (/token|password|secret/i.test(name) ? 'hidden' : undefined)
  if (!kind || value === '') return value
  if (kind === 'hidden') return '***'
  let entries: string[]
  try {
    entries = parseList(value, { commas: false, secret: true }, name)
  } catch {
    return '***'
  }
  return entries
    .map(e => {
      const eq = e.indexOf('=')
      const id = e.slice(0, eq).trim()
      return eq > 0 && SECRET_ID.test(id) && /[^=]/.test(e.slice(eq + 1)) ? id : '?'
    })
    .join(', ')
}

/**
 * A fenced code block: its text shown as it is (a code block decodes nothing, so nothing in it is
 * escaped), behind a fence longer than any backtick run in the text, so no line of it closes the block.
 * A `mermaid` block's labels come from mermaidLabel.
 */
export function fenced(info: 'text' | 'yaml' | 'mermaid', text: string): Markup {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(r => r.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return trusted(`${fence}${info}\n${text.replace(/\n+$/, '')}\n${fence}`)
}

/** An HTML table on one line, as @actions/core's summary writes tables: every cell escaped. */
export function htmlTable(head: Piece[], rows: Piece[][]): Markup {
  const row = (cells: Piece[], tag: 'th' | 'td') =>
    `<tr>${cells.map(c => `<${tag}>${piece(c)}</${tag}>`).join('')}</tr>`
  return trusted(`<table>${row(head, 'th')}${rows.map(r => row(r, 'td')).join('')}</table>`)
}
