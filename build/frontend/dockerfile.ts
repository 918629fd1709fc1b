// A Dockerfile parser that follows BuildKit's frontend/dockerfile/parser closely enough that a policy check
// sees the same instructions, flags and lines BuildKit will build: parser directives only before anything
// else, the escape character for continuations, comment and blank lines skipped inside continuations,
// heredocs on RUN/COPY/ADD (also under ONBUILD) read until their terminator, flags split off the same way.
// It does not expand variables or validate instructions: BuildKit does that at build time.
import {
  detectSyntax,
  DirectiveParser,
  DockerfileParseError,
  splitLines,
  type Directive,
  type SyntaxDirective
} from './directives.js'
import { canContainHeredoc, heredocsFromLine, type HeredocHead } from './heredoc.js'
import { splitCommand, type Escape } from './split-command.js'
import { trimGoLeft } from './text.js'

export { splitCommand }
export type { Directive, SyntaxDirective } from './directives.js'
export type { Command, Flag, Heredoc } from './command.js'
import type { Command, Heredoc } from './command.js'

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
