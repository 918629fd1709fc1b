// A Dockerfile's parser directives (`# syntax=`, `# escape=`, `# check=`) and the frontend BuildKit would
// load from them, as BuildKit's parser reads them. Apart from the full parser (dockerfile.ts): a build
// that only needs the Dockerfile's own `# syntax=` line reads it here, without loading the rest.
import { UserError } from '../../lib/errors.js'
import { GO_SPACE } from './text.js'

export interface Directive {
  name: string
  value: string
  line: number
}

export interface SyntaxDirective {
  /** the image reference: the value up to the first space, as BuildKit takes it */
  ref: string
  value: string
  line: number
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
export class DirectiveParser {
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
export function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map(l => l.replace(/[\r\n]+$/, ''))
}
