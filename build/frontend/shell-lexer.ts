// BuildKit's shell lexer (frontend/dockerfile/shell, Lex.ProcessWord and ProcessWords), ported for the
// two places the policy needs what BuildKit makes of a word: finding heredocs on an instruction line, and
// a RUN --mount value after the quote and escape processing it gets at build time. No variable is set
// here, and unset variables are kept as written (the lexer's SkipUnsetEnv), so `$X` stays visible.
// Its quirks are kept on purpose, e.g. a `${…}` inside a word resets the word being collected.
import { isGoSpace } from './text.js'

export interface LexOptions {
  /** the escape character: the Dockerfile's (`\` or backtick) */
  escape: string
  /** keep quotes in the result */
  rawQuotes?: boolean
  /** keep escape characters in the result */
  rawEscapes?: boolean
}

/** Input the lexer refuses (an unterminated quote, a bad `${…}`). */
export class ShellLexError extends Error {}

const EOF = ''

// Go's unicode.IsDigit and IsLetter, as the variable names of BuildKit's lexer take them; ASCII first
// (the Unicode classes cost a Dockerfile's preflight a fraction of a millisecond at their first use).
export const isDigit = (ch: string): boolean => /^[0-9]$/.test(ch) || (ch > '\x7f' && /^\p{Nd}$/u.test(ch))
export const isNameChar = (ch: string): boolean =>
  /^[A-Za-z0-9_]$/.test(ch) || (ch > '\x7f' && /^[\p{L}\p{Nd}_]$/u.test(ch))

class Lexer {
  private readonly chars: string[]
  private pos = 0
  private rawEscapes: boolean
  private readonly rawQuotes: boolean
  private readonly escape: string
  // One buffer for the word being collected, shared by nested calls (as BuildKit's shellWord.wordsBuffer).
  private readonly buf = { s: '' }

  constructor(word: string, o: LexOptions) {
    // text/scanner drops a byte-order mark at the start.
    this.chars = Array.from(word.replace(/^\uFEFF/, ''))
    this.escape = o.escape
    this.rawQuotes = o.rawQuotes ?? false
    this.rawEscapes = o.rawEscapes ?? false
  }

  private peek = () => this.chars[this.pos] ?? EOF
  private next = () => this.chars[this.pos++] ?? EOF

  processStopOn(stop: string, rawEscapes: boolean, keepPatternEscapes: boolean): [string, string[]] {
    let result = ''
    this.buf.s = ''
    const words = new Words(this.buf)
    const saved = this.rawEscapes
    this.rawEscapes = rawEscapes
    try {
      while (this.peek() !== EOF) {
        let ch = this.peek()
        if (stop !== EOF && ch === stop) {
          this.next()
          return [result, words.get()]
        }
        const special = this.special(ch, keepPatternEscapes)
        if (special) {
          const tmp = special()
          result += tmp
          if (ch === '$') words.addString(tmp)
          else words.addRaw(tmp)
          continue
        }
        ch = this.next()
        if (ch === this.escape) {
          if (this.rawEscapes) {
            words.addRaw(ch)
            result += ch
          }
          ch = this.next()
          if (ch === EOF) break
          words.addRaw(ch)
        } else {
          words.addChar(ch)
        }
        result += ch
      }
    } finally {
      // BuildKit restores the flag as !rawEscapes when it changed it: the same value as before.
      this.rawEscapes = saved
    }
    if (stop !== EOF)
      throw new ShellLexError(`unexpected end of statement while looking for matching ${stop}`)
    return [result, words.get()]
  }

  private special(ch: string, keepPatternEscapes: boolean): (() => string) | undefined {
    if (ch === '$') return () => this.dollar()
    if (ch === '<') return () => this.possibleHeredoc()
    if (ch === "'") return () => this.singleQuote(keepPatternEscapes)
    if (ch === '"') return () => this.doubleQuote(keepPatternEscapes)
    return undefined
  }

  private singleQuote(keepPatternEscapes: boolean): string {
    const q = this.next()
    let result = this.rawQuotes ? q : ''
    for (;;) {
      const ch = this.next()
      if (ch === EOF)
        throw new ShellLexError('unexpected end of statement while looking for matching single-quote')
      if (ch === "'") return this.rawQuotes ? result + ch : result
      if (keepPatternEscapes && ch === this.escape) result += ch
      result += ch
    }
  }

  private doubleQuote(keepPatternEscapes: boolean): string {
    const q = this.next()
    let result = this.rawQuotes ? q : ''
    for (;;) {
      const p = this.peek()
      if (p === EOF)
        throw new ShellLexError('unexpected end of statement while looking for matching double-quote')
      if (p === '"') {
        this.next()
        return this.rawQuotes ? result + p : result
      }
      if (p === '$') {
        result += this.dollar()
        continue
      }
      let ch = this.next()
      if (ch === this.escape) {
        const after = this.peek()
        if (after === EOF) continue
        if (after === '"' || after === '$' || after === this.escape) {
          if (this.rawEscapes) result += ch
          ch = this.next()
        } else if (this.rawEscapes && (!this.rawQuotes || keepPatternEscapes)) {
          result += ch
        }
      }
      result += ch
    }
  }

  // Every variable is unset: the expansion is kept as written (its inner words still processed).
  private dollar(): string {
    this.next()
    if (this.peek() !== '{') {
      const name = this.name()
      return name === '' ? '$' : `$${name}`
    }
    this.next()
    const first = this.peek()
    if (first === EOF) throw new ShellLexError("syntax error: missing '}'")
    if ('{}:'.includes(first)) throw new ShellLexError('syntax error: bad substitution')
    const name = this.name()
    let ch = this.next()
    let chs = ch === EOF ? '\uFFFD' : ch
    let nullIsUnset = false
    if (ch === '}') return `\${${name}}`
    if (ch === ':') {
      nullIsUnset = true
      ch = this.next()
      chs += ch === EOF ? '\uFFFD' : ch
    }
    if (nullIsUnset || (ch !== EOF && '+-?#%'.includes(ch))) {
      const raw = ch === '#' || ch === '%'
      if (nullIsUnset && raw) throw new ShellLexError(`unsupported modifier (${chs}) in substitution`)
      const [word] = this.stopOn('}', raw, raw, "syntax error: missing '}'")
      return `\${${name}${chs}${word}}`
    }
    if (ch === '/') {
      if (this.peek() === '/') this.next()
      const [pattern] = this.stopOn('/', true, true, "syntax error: missing '/' in ${}")
      const [replacement] = this.stopOn('}', true, false, "syntax error: missing '}'")
      return `\${${name}/${pattern}/${replacement}}`
    }
    throw new ShellLexError(`unsupported modifier (${chs}) in substitution`)
  }

  private stopOn(stop: string, raw: boolean, keep: boolean, atEnd: string): [string, string[]] {
    try {
      return this.processStopOn(stop, raw, keep)
    } catch (e) {
      if (this.peek() === EOF) throw new ShellLexError(atEnd)
      throw e
    }
  }

  private name(): string {
    let name = ''
    while (this.peek() !== EOF) {
      const ch = this.peek()
      if (name === '' && isDigit(ch)) {
        while (isDigit(this.peek())) name += this.next()
        return name
      }
      if (name === '' && '@*#?-$!0'.includes(ch)) return this.next()
      if (!isNameChar(ch)) break
      name += this.next()
    }
    return name
  }

  // `<<` and the blanks after it stay in one word (so `cat << EOF` has the word `<< EOF`).
  private possibleHeredoc(): string {
    this.next()
    if (this.peek() !== '<') return '<'
    this.next()
    let space = ''
    while ('\t\r '.includes(this.peek()) && this.peek() !== EOF) space += this.next()
    return `<<${space}`
  }
}

class Words {
  private readonly words: string[] = []
  private inWord = false
  constructor(private readonly buf: { s: string }) {}

  addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.buf.s !== '') {
        this.words.push(this.buf.s)
        this.buf.s = ''
        this.inWord = false
      }
    } else this.addRaw(ch)
  }
  addString(s: string): void {
    for (const ch of s) this.addChar(ch)
  }
  addRaw(s: string): void {
    this.buf.s += s
    this.inWord = true
  }
  get(): string[] {
    if (this.buf.s !== '') {
      this.words.push(this.buf.s)
      this.buf.s = ''
      this.inWord = false
    }
    return this.words
  }
}

/** One word after quote removal and escapes (Lex.ProcessWord); variables kept as written. */
export function processWord(word: string, o: LexOptions): string {
  return new Lexer(word, o).processStopOn(EOF, o.rawEscapes ?? false, false)[0]
}

/** The words of a line, split at unquoted blanks (Lex.ProcessWords). */
export function processWords(line: string, o: LexOptions): string[] {
  return new Lexer(line, o).processStopOn(EOF, o.rawEscapes ?? false, false)[1]
}
