// A Dockerfile parser that follows BuildKit's frontend/dockerfile/parser closely enough that a policy check
// sees the same instructions, flags and lines BuildKit will build: parser directives only before anything
// else, the escape character for continuations, comment and blank lines skipped inside continuations,
// heredocs on RUN/COPY/ADD (also under ONBUILD) read until their terminator, flags split off the same way.
// It does not expand variables or validate instructions: BuildKit does that at build time.
import { UserError } from '../../lib/errors.js'
import { canContainHeredoc, heredocsFromLine, type Heredoc } from './heredoc.js'

export interface Directive {
  name: string
  value: string
  line: number
}

export interface Flag {
  /** without the leading `--` */
  name: string
  /** undefined for a bare `--flag` */
  value?: string
}

export interface Command {
  /** upper-cased, as written otherwise (unknown keywords are kept; BuildKit rejects them later) */
  keyword: string
  flags: Flag[]
  /** everything after the flags, continuation lines joined, trimmed */
  args: string
}

export interface Instruction extends Command {
  line: number
  endLine: number
  heredocs: Heredoc[]
  /** for `ONBUILD <instruction>`: the inner instruction */
  onbuild?: Command
}

export interface SyntaxDirective {
  /** the image reference: the value up to the first space, as BuildKit takes it */
  ref: string
  value: string
  line: number
}

export interface ParsedDockerfile {
  directives: Directive[]
  instructions: Instruction[]
  escape: '\\' | '`'
  /** the frontend BuildKit would load, found as BuildKit's DetectSyntax finds it (see detectSyntax) */
  syntax?: SyntaxDirective
}

/** Something found at a line of a Dockerfile (a syntax or policy check), annotated there. */
export interface Finding {
  file: string
  line: number
  message: string
}

/** Input BuildKit itself would refuse to parse; `line` is 1-based. */
export class DockerfileParseError extends UserError {
  constructor(
    readonly reason: string,
    readonly line: number
  ) {
    super(`dockerfile parse error on line ${line}: ${reason}`)
    this.name = 'DockerfileParseError'
  }
}

const DIRECTIVES = new Set(['syntax', 'escape', 'check'])
// Go's \s is ASCII-only; keep the directive regexp as narrow as BuildKit's.
const WS = '[\\t\\n\\f\\r ]'

/** Directives are recognised only until the first line that is not one (blank, comment, instruction). */
class DirectiveParser {
  private done = false
  private readonly seen = new Set<string>()
  private readonly re: RegExp

  constructor(prefix: string) {
    this.re = new RegExp(`^${prefix}${WS}*([a-zA-Z][a-zA-Z0-9]*)${WS}*=${WS}*(.+?)${WS}*$`)
  }

  parse(line: string, lineNo: number): Directive | undefined {
    if (this.done) return undefined
    const m = this.re.exec(line)
    const name = m?.[1].toLowerCase()
    if (!m || !name || !DIRECTIVES.has(name)) {
      this.done = true
      return undefined
    }
    if (this.seen.has(name))
      throw new DockerfileParseError(`only one ${name} parser directive can be used`, lineNo)
    this.seen.add(name)
    return { name, value: m[2], line: lineNo }
  }
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = splitLines(text)
  const dp = new DirectiveParser('#')
  const directives: Directive[] = []
  const instructions: Instruction[] = []
  let escape: '\\' | '`' = '\\'
  let continuation = continuationRegExp(escape)

  let i = 0
  while (i < lines.length) {
    const token = lines[i].replace(/^\s+/, '')
    const start = ++i
    const d = dp.parse(token, start)
    if (d) {
      directives.push(d)
      if (d.name === 'escape') {
        if (d.value !== '\\' && d.value !== '`') {
          throw new DockerfileParseError(`invalid escape token '${d.value}' does not match \` or \\`, start)
        }
        escape = d.value
        continuation = continuationRegExp(escape)
      }
    }
    if (isComment(token)) continue
    let [line, ended] = trimContinuation(token, continuation)
    if (ended && line === '') continue

    while (!ended && i < lines.length) {
      const next = lines[i++]
      // Comment and blank lines inside a continuation are dropped without ending it.
      if (isComment(next) || next.trim() === '') continue
      const [part, end] = trimContinuation(next, continuation)
      line += part
      ended = end
    }

    const instruction: Instruction = { ...splitCommand(line), line: start, endLine: i, heredocs: [] }
    if (instruction.keyword === 'ONBUILD' && instruction.args !== '') {
      instruction.onbuild = splitCommand(instruction.args)
    }
    if (canContainHeredoc(instruction) && line.includes('<<')) {
      for (const h of heredocsFromLine(line)) {
        const body = i + 1
        let terminated = false
        while (i < lines.length) {
          const candidate = h.chomp ? lines[i++].replace(/^\t+/, '') : lines[i++]
          if (candidate === h.delimiter) {
            terminated = true
            break
          }
        }
        if (!terminated) throw new DockerfileParseError('unterminated heredoc', start)
        instruction.heredocs.push({ ...h, line: body, endLine: i })
      }
      instruction.endLine = i
    }
    instructions.push(instruction)
  }
  const syntax = detectSyntax(text)
  return syntax ? { directives, instructions, escape, syntax } : { directives, instructions, escape }
}

/**
 * The `syntax` BuildKit's Dockerfile frontend would switch to (parser.DetectSyntax): a leading `#!` line is
 * skipped, then `# syntax=` among the leading directives (leading whitespace not allowed here), else
 * `// syntax=`, else a JSON document's "syntax" key. The `--build-arg BUILDKIT_SYNTAX` override wins
 * over all of them at build time.
 */
export function detectSyntax(text: string): SyntaxDirective | undefined {
  let body = text.replace(/^\uFEFF/, '')
  let offset = 0
  if (body.startsWith('#!')) {
    const nl = body.indexOf('\n')
    body = nl < 0 ? '' : body.slice(nl + 1)
    offset = 1
  }
  const lines = splitLines(body)
  for (const prefix of ['#', '//']) {
    const dp = new DirectiveParser(prefix)
    try {
      for (const [n, line] of lines.entries()) {
        const d = dp.parse(line, n + 1 + offset)
        if (d?.name === 'syntax') return { ref: d.value.split(' ')[0], value: d.value, line: d.line }
        if (!d) break
      }
    } catch {
      // a repeated directive: BuildKit's DetectSyntax keeps what it found before the error
    }
  }
  try {
    const doc: unknown = JSON.parse(body)
    const v = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).syntax : undefined
    if (typeof v === 'string') return { ref: v, value: v, line: Math.max(offset, 1) }
  } catch {
    // not JSON
  }
  return undefined
}

/** Lines without their end-of-line characters; a BOM on the first line is dropped. */
function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map(l => l.replace(/[\r\n]+$/, ''))
}

function isComment(line: string): boolean {
  return line.replace(/^\s+/, '').startsWith('#')
}

// As BuildKit: the escape character as the last non-blank character continues the line, unless it is the
// only thing after another escape character (a known quirk: `foo \\` does not continue).
function continuationRegExp(escape: string): RegExp {
  const e = escape === '\\' ? '\\\\' : '`'
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`)
}

function trimContinuation(line: string, re: RegExp): [string, boolean] {
  return re.test(line) ? [line.replace(re, '$1'), false] : [line, true]
}

/** `RUN --mount=type=bind,source=. make` → keyword, flags, args (BuildKit's splitCommand). */
export function splitCommand(line: string): Command {
  const t = line.trim()
  const sep = /[\t\v\f\r ]+/.exec(t)
  const keyword = (sep ? t.slice(0, sep.index) : t).toUpperCase()
  if (!sep) return { keyword, flags: [], args: '' }
  const { rest, words } = extractFlags(t.slice(sep.index + sep[0].length))
  const flags = words.map(w => {
    const eq = w.indexOf('=')
    return eq < 0 ? { name: w.slice(2) } : { name: w.slice(2, eq), value: w.slice(eq + 1) }
  })
  return { keyword, flags, args: rest.trim() }
}

// Leading `--words` are flags; quotes are removed and a backslash escapes the next character (always a
// backslash here, whatever the escape directive says). A bare `--` ends the flags.
function extractFlags(line: string): { rest: string; words: string[] } {
  const words: string[] = []
  let phase: 'spaces' | 'word' | 'quote' = 'spaces'
  let word = ''
  let quote = ''
  let blankOK = false
  for (let pos = 0; pos <= line.length; pos++) {
    let ch = line.charAt(pos)
    if (phase === 'spaces') {
      if (pos === line.length) break
      if (/\s/.test(ch)) continue
      if (ch !== '-' || line.charAt(pos + 1) !== '-') return { rest: line.slice(pos), words }
      phase = 'word'
    }
    if (pos === line.length) {
      if (word !== '--' && (blankOK || word !== '')) words.push(word)
      break
    }
    if (phase === 'word') {
      if (/\s/.test(ch)) {
        if (word === '--') return { rest: line.slice(pos), words }
        if (blankOK || word !== '') words.push(word)
        phase = 'spaces'
        word = ''
        blankOK = false
        continue
      }
      if (ch === "'" || ch === '"') {
        quote = ch
        blankOK = true
        phase = 'quote'
        continue
      }
    } else if (ch === quote) {
      phase = 'word'
      continue
    }
    if (ch === '\\') {
      if (pos + 1 === line.length) {
        phase = 'word'
        continue
      }
      ch = line.charAt(++pos)
    }
    word += ch
  }
  return { rest: '', words }
}
