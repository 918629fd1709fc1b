// A Dockerfile parser that follows BuildKit's frontend/dockerfile/parser closely enough that a policy check
// sees the same instructions, flags and lines BuildKit will build: parser directives only before anything
// else, the escape character for continuations, comment and blank lines skipped inside continuations,
// heredocs on RUN/COPY/ADD (also under ONBUILD) read until their terminator, flags split off the same way.
// It does not expand variables or validate instructions: BuildKit does that at build time.
import { UserError } from '../../lib/errors.js'
import { canContainHeredoc, heredocsFromLine, type HeredocHead } from './heredoc.js'
import { splitCommand, type Escape } from './split-command.js'
import { GO_SPACE, trimGoLeft } from './text.js'

export { splitCommand }
export type { Command, Flag, Heredoc } from './command.js'
import type { Command, Heredoc } from './command.js'

export interface Directive {
  name: string
  value: string
  line: number
}

export interface Instruction extends Command {
  line: number
  endLine: number
  heredocs: Heredoc[]
  /** for `ONBUILD <instruction>`: the trigger, as the build that uses the image parses it (see onbuildTrigger) */
  onbuild?: OnbuildTrigger
}

export interface OnbuildTrigger extends Command {
  heredocs: HeredocHead[]
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
  escape: Escape
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
// Blanks after the comment prefix are Go's unicode.IsSpace; the directive regexp's \s is ASCII-only and its
// `.` takes anything but a newline.
const WS = '[\\t\\n\\f\\r ]'

/** Directives are recognised only until the first line that is not one (blank, comment, instruction). */
class DirectiveParser {
  private done = false
  private readonly seen = new Set<string>()
  private readonly re: RegExp

  constructor(prefix: string) {
    this.re = new RegExp(`^${prefix}[${GO_SPACE}]*([a-zA-Z][a-zA-Z0-9]*)${WS}*=${WS}*([^\\n]+?)${WS}*$`)
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
  let escape: Escape = '\\'
  let continuation = continuationRegExp(escape)

  let i = 0
  while (i < lines.length) {
    const token = trimGoLeft(lines[i])
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
      if (isComment(next) || trimGoLeft(next) === '') continue
      const [part, end] = trimContinuation(next, continuation)
      line += part
      ended = end
    }

    const instruction: Instruction = { ...splitCommand(line, escape), line: start, endLine: i, heredocs: [] }
    const inner = instruction.keyword === 'ONBUILD' && instruction.args !== ''
    const parentView = inner ? splitCommand(instruction.args, escape) : undefined
    const bodies: string[] = []
    if (canContainHeredoc(parentView ?? instruction) && line.includes('<<')) {
      for (const h of heredocsOf(line, start)) {
        const body = i + 1
        let terminated = false
        let content = ''
        while (i < lines.length) {
          const raw = lines[i++]
          if ((h.chomp ? raw.replace(/^\t+/, '') : raw) === h.delimiter) {
            terminated = true
            break
          }
          content += raw + '\n'
        }
        if (!terminated) throw new DockerfileParseError('unterminated heredoc', start)
        instruction.heredocs.push({ ...h, line: body, endLine: i })
        bodies.push(`\n${content}${h.delimiter}`)
      }
      instruction.endLine = i
    }
    if (parentView) instruction.onbuild = onbuildTrigger(line, bodies) ?? { ...parentView, heredocs: [] }
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
  return trimGoLeft(line).startsWith('#')
}

// A heredoc word BuildKit cannot read (its quotes) fails the whole parse.
function heredocsOf(line: string, lineNo: number): HeredocHead[] {
  try {
    return heredocsFromLine(line)
  } catch (e) {
    throw new DockerfileParseError((e as Error).message, lineNo)
  }
}

/**
 * An ONBUILD trigger is stored as text (the line after `ONBUILD`, with its heredocs) and parsed again, on
 * its own and with the default escape character, by the build that uses the image as its base: that is
 * what runs. undefined when that parse fails or finds more than one instruction (the build fails there).
 */
function onbuildTrigger(line: string, bodies: string[]): OnbuildTrigger | undefined {
  const text = line.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/iu, '') + bodies.join('')
  try {
    const { instructions } = parseDockerfile(text)
    if (instructions.length !== 1) return undefined
    const { keyword, flags, args, heredocs } = instructions[0]
    return {
      keyword,
      flags,
      args,
      heredocs: heredocs.map(({ delimiter, chomp, expand }) => ({ delimiter, chomp, expand }))
    }
  } catch {
    return undefined
  }
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
