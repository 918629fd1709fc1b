// Dockerfile rules checked before a build, in the spirit of the official-images review (bashbrew PR 43):
// features that widen what a build can reach are off unless allowed. Each rule is switchable by name.
import {
  parseDockerfile,
  type Command,
  type Finding,
  type Instruction,
  type ParsedDockerfile
} from './dockerfile.js'
import { heredocWord, isJsonArray } from './heredoc.js'
import { parseMount } from './mount.js'
import { processWord } from './shell-lexer.js'
import type { Escape } from './split-command.js'
import { RULES, type RuleName } from '../model.js'

export interface Violation extends Finding {
  rule: RuleName
}

/** Every violation of the enabled rules, in line order. */
export function checkPolicy(parsed: ParsedDockerfile, rules: Iterable<RuleName>, file: string): Violation[] {
  const on = new Set(rules)
  const out: Violation[] = []
  for (const ins of parsed.instructions) {
    const cmd: Command | undefined = ins.keyword === 'ONBUILD' ? ins.onbuild : ins
    if (!cmd) continue
    const where = ins.keyword === 'ONBUILD' ? `ONBUILD ${cmd.keyword}` : cmd.keyword
    // A trigger runs in another build, under that Dockerfile's escape character: either may apply.
    const escapes: Escape[] = ins.keyword === 'ONBUILD' ? ['\\', '`'] : [parsed.escape]
    for (const rule of RULES) {
      if (!on.has(rule)) continue
      for (const message of CHECKS[rule](cmd, ins, where, escapes))
        out.push({ rule, file, line: ins.line, message })
    }
  }
  return out.sort((a, b) => a.line - b.line)
}

type Check = (cmd: Command, ins: Instruction, where: string, escapes: Escape[]) => string[]

const flagsOf = (cmd: Command, keyword: string, name: string) =>
  cmd.keyword === keyword ? cmd.flags.filter(f => f.name.toLowerCase() === name) : []
const show = (name: string, value: string | undefined) =>
  value === undefined ? `--${name}` : `--${name}=${value}`

const CHECKS: Record<RuleName, Check> = {
  'no-bind-mounts': (cmd, _, where, escapes) =>
    flagsOf(cmd, 'RUN', 'mount').flatMap(f => {
      const reason = bindReason(f.value ?? '', escapes)
      return reason === undefined ? [] : [`${where} ${show('mount', f.value)}: ${reason}`]
    }),
  'no-network': (cmd, _, where) =>
    flagsOf(cmd, 'RUN', 'network')
      .filter(f => f.value !== 'default')
      .map(f => `${where} ${show('network', f.value)}: only the default network is allowed`),
  'no-security': (cmd, _, where) =>
    flagsOf(cmd, 'RUN', 'security')
      .filter(f => f.value !== 'sandbox')
      .map(f => `${where} ${show('security', f.value)}: only the default sandbox is allowed`),
  'no-heredocs': (_, ins, where) => {
    const heredocs = ins.heredocs.length ? ins.heredocs : (ins.onbuild?.heredocs ?? [])
    return heredocs.length === 0
      ? []
      : [
          `${where} uses a heredoc (${heredocs.map(h => `<<${h.delimiter}`).join(' ')}): heredocs are not allowed`
        ]
  },
  'no-add-url': (cmd, _, where, escapes) => {
    if (cmd.keyword !== 'ADD') return []
    const sources = new Set(escapes.flatMap(e => addSources(cmd.args, e)))
    return [...sources].flatMap(src => {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(src) || /^[\w.-]+@[\w.-]+:/.test(src)) {
        return [`${where} ${src}: remote sources (URLs, git) are not allowed`]
      }
      if (src.startsWith('$'))
        return [`${where} ${src}: a source starting with a variable may be a URL; not allowed`]
      return []
    })
  },
  'no-foreign-platform': (cmd, _, where) =>
    flagsOf(cmd, 'FROM', 'platform')
      .filter(f => !BUILD_OR_TARGET.has(f.value ?? ''))
      .map(f => `${where} ${show('platform', f.value)}: only $BUILDPLATFORM or $TARGETPLATFORM is allowed`)
}

const BUILD_OR_TARGET = new Set([
  '$BUILDPLATFORM',
  '${BUILDPLATFORM}',
  '$TARGETPLATFORM',
  '${TARGETPLATFORM}'
])

/**
 * Why a `--mount` value is or may be a bind mount, as BuildKit reads it under one of the escape
 * characters; a value it cannot read under any of them is refused too (the build would fail on it).
 */
function bindReason(value: string, escapes: Escape[]): string | undefined {
  const read = escapes.map(e => parseMount(value, e))
  for (const r of read) {
    if ('error' in r) continue
    if (r.mount.type.includes('$'))
      return 'the mount type comes from a variable and may be bind; bind mounts are not allowed'
    if (r.mount.type === 'bind')
      return r.typed
        ? 'bind mounts are not allowed'
        : 'a mount without type= is a bind mount; bind mounts are not allowed'
  }
  const [first] = read
  if (read.every(r => 'error' in r) && 'error' in first)
    return `BuildKit cannot read this mount (${first.error}); not allowed`
  return undefined
}

/** ADD's sources as BuildKit takes them: every argument but the destination and the heredocs (exec form
 * or split at blanks), then quotes and escapes removed as at build time; a source it cannot read stays. */
export function addSources(args: string, escape: Escape): string[] {
  const list: string[] = isJsonArray(args) ? JSON.parse(args) : args.split(/[\t\v\f\r ]+/).filter(Boolean)
  return (list.length > 1 ? list.slice(0, -1) : list).flatMap(src => {
    if (isHeredoc(src)) return []
    try {
      return [processWord(src, { escape })]
    } catch {
      return [src]
    }
  })
}

function isHeredoc(word: string): boolean {
  try {
    return heredocWord(word) !== undefined
  } catch {
    return false
  }
}

/** The rules' findings in one Dockerfile (parsed whole here), each message led by its rule. */
export function policyFindings(text: string, file: string, rules: Set<RuleName>): Finding[] {
  return checkPolicy(parseDockerfile(text), rules, file).map(v => ({
    file: v.file,
    line: v.line,
    message: `${v.rule}: ${v.message}`
  }))
}
