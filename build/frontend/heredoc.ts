// Heredocs as BuildKit's parser finds them (parser.heredocsFromLine): on RUN, COPY and ADD (also under
// ONBUILD) in shell form, every word of the line, as the shell lexer splits it, shaped like `[n]<<[-]WORD`
// starts one (`cat << EOF` too: the lexer keeps `<<` and the blanks after it in one word).
import type { Command, Heredoc } from './command.js'
import { processWords } from './shell-lexer.js'

const HEREDOC_KEYWORDS = new Set(['ADD', 'COPY', 'RUN'])

export function canContainHeredoc(cmd: Command): boolean {
  return HEREDOC_KEYWORDS.has(cmd.keyword) && !isJsonArray(cmd.args)
}

/** The exec form (`["sh", "-c", "…"]`): a JSON array of strings. */
export function isJsonArray(args: string): boolean {
  if (!args.startsWith('[')) return false
  try {
    const v: unknown = JSON.parse(args)
    return Array.isArray(v) && v.every(x => typeof x === 'string')
  } catch {
    return false
  }
}

export type HeredocHead = Omit<Heredoc, 'line' | 'endLine'>

const HEREDOC = /^([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)$/

/**
 * Every heredoc the joined line starts, in order. The line's words are lexed with quotes and escapes kept
 * (a line the lexer refuses has none); a heredoc word it cannot read again throws, as BuildKit fails then.
 */
export function heredocsFromLine(line: string): HeredocHead[] {
  let words: string[]
  try {
    words = processWords(line, { escape: '\\', rawQuotes: true, rawEscapes: true })
  } catch {
    return []
  }
  return words.flatMap(w => heredocWord(w) ?? [])
}

/** A word shaped like `[n]<<[-]WORD` read as a heredoc (parser.ParseHeredoc); undefined when it is none. */
export function heredocWord(word: string): HeredocHead | undefined {
  const m = HEREDOC.exec(word)
  if (!m || m[3] === '') return undefined
  const plain = processWords(m[3], { escape: '\\' })
  if (plain.length !== 1) return undefined
  const raw = processWords(m[3], { escape: '\\', rawQuotes: true })
  if (raw.length !== 1) throw new Error(`internal lexing of heredoc produced inconsistent results: ${m[3]}`)
  // Some part of the word quoted: the body is not expanded.
  const quotes = (s: string) => (s.match(/['"]/g) ?? []).length
  return { delimiter: plain[0], chomp: m[2] === '-', expand: quotes(plain[0]) === quotes(raw[0]) }
}
