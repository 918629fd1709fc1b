// What setup-builder decided about the Dockerfile frontend and entitlements, applied to one build:
// the pinned BUILDKIT_SYNTAX, refusal of inputs that would override it, the allowed-syntax check when
// pinning is off, the Dockerfile policy, and `allow` checked against the granted entitlements.
import { EXPORTS } from '../../lib/environment.js'
import { UserError } from '../../lib/errors.js'
import { detectSyntax, type SyntaxDirective } from './directives.js'
import type { Finding } from './dockerfile.js'
import { tryParseImageRef } from '../../lib/image-ref.js'
import { matchesAllowed } from '../../lib/syntax.js'
import { checksOwnSyntax, DEFAULT_SYNTAX, SYNTAX_PER_DOCKERFILE } from '../../lib/frontend.js'
import type { RuleName } from '../model.js'
import type { FrontendFacts } from '../model.js'

export function frontendFacts(env: NodeJS.ProcessEnv): FrontendFacts {
  const list = (v: string | undefined, sep: string) =>
    (v ?? '')
      .split(sep)
      .map(s => s.trim())
      .filter(Boolean)
  return {
    pinned: env[EXPORTS.syntax] ?? '',
    allowedSyntax: list(env[EXPORTS.allowedSyntax], '\n'),
    entitlements: env[EXPORTS.entitlements] === undefined ? undefined : list(env[EXPORTS.entitlements], ',')
  }
}

export const pinBuildArg = (pinned: string): string[] => (pinned ? [`BUILDKIT_SYNTAX=${pinned}`] : [])

/** The Dockerfile of a local context (undefined for remote, git and stdin contexts: nothing to read here). */
export function dockerfilePath(context: string, file: string): string | undefined {
  if (/^(https?|git|ssh):\/\/|^git@|^git(:|$)|^-$/.test(context)) return undefined
  if (file) return file
  return context === '.' ? 'Dockerfile' : `${context.replace(/\/+$/, '')}/Dockerfile`
}

/** The Dockerfile preflight read: where it is, and the frontend its own `# syntax=` names. */
export interface DockerfileFacts {
  path?: string
  syntax?: SyntaxDirective
}

/** The Dockerfile's own frontend (`# syntax=` as BuildKit detects it) checked against the patterns; an
 * empty list allows nothing. No directive: undefined (the builder's built-in frontend is used). */
export function checkSyntaxDirective(
  s: SyntaxDirective | undefined,
  patterns: readonly string[],
  file: string
): Finding | undefined {
  if (!s) return undefined
  const allowed = patterns.length ? patterns.join(', ') : 'none'
  if (!tryParseImageRef(s.ref)) {
    return {
      file,
      line: s.line,
      message: `syntax '${s.ref}' is not a valid image reference (allowed: ${allowed})`
    }
  }
  if (matchesAllowed(s.ref, patterns)) return undefined
  return { file, line: s.line, message: `syntax '${s.ref}' is not allowed (allowed: ${allowed})` }
}

/** The policy's checks (policy.ts, with the Dockerfile parser and shell lexer: loaded for a policy only). */
export interface PolicyChecks {
  policyFindings: (text: string, file: string, rules: Set<RuleName>) => Finding[]
}

/**
 * Everything decided before buildx runs: pin conflicts and entitlements (input errors), then the
 * Dockerfile's syntax and policy findings, each annotated at file:line, all in one pass. The Dockerfile is
 * read when something needs it (a check, or a pin to compare its own `# syntax=` with); a pin and
 * allowed-syntax need its `# syntax=` line only, a policy the whole parsed file.
 */
export async function preflight(
  i: {
    buildArgs: string[]
    buildContexts: string[]
    allow: string[]
    context: string
    file: string
    policy: Set<RuleName>
  },
  facts: FrontendFacts,
  io: {
    read: (path: string) => string | undefined
    annotate: (f: Finding) => void
    policy: () => Promise<PolicyChecks>
  }
): Promise<DockerfileFacts> {
  const own = checksOwnSyntax(facts)
  if (!facts.pinned && !own && i.policy.size === 0) return {}
  const path = dockerfilePath(i.context, i.file)
  const text = path === undefined ? undefined : io.read(path)
  if (path === undefined || text === undefined) {
    if (i.policy.size)
      throw new UserError(
        `policy: cannot read the Dockerfile (${path ?? `context ${i.context}`}) to check it`
      )
    return {}
  }
  const syntax = detectSyntax(text)
  const findings = i.policy.size ? (await io.policy()).policyFindings(text, path, i.policy) : []
  const ownFinding = own ? checkSyntaxDirective(syntax, facts.allowedSyntax, path) : undefined
  if (ownFinding) findings.push(ownFinding)
  findings.sort((a, b) => a.line - b.line).forEach(io.annotate)
  if (findings.length) {
    throw new UserError(
      `${path}: ${findings.length} Dockerfile finding${findings.length > 1 ? 's' : ''} (see the annotations); nothing was built`
    )
  }
  return { path, syntax }
}

/** What the build's frontend is: the job's pin (with a warning when the Dockerfile names another
 * frontend: the pin wins, never silently), the Dockerfile's own or the default to resolve
 * (`syntax: dockerfile`), or none. */
export function planFrontend(
  facts: FrontendFacts,
  df: DockerfileFacts
): { pinned: string; resolve?: string; warning?: Finding } {
  if (facts.pinned === SYNTAX_PER_DOCKERFILE) {
    // A Dockerfile that cannot be read here (a remote context) keeps its own line, unpinned.
    if (!df.path) return { pinned: '' }
    return { pinned: '', resolve: df.syntax?.ref ?? DEFAULT_SYNTAX }
  }
  const own = df.syntax
  if (!facts.pinned || !own || !df.path || sameFrontend(own.ref, facts.pinned))
    return { pinned: facts.pinned }
  return {
    pinned: facts.pinned,
    warning: {
      file: df.path,
      line: own.line,
      message:
        `this Dockerfile names the frontend ${own.ref}, but setup-builder pins ${facts.pinned} for the job and the pin wins. ` +
        "To build with the Dockerfile's own frontend, set setup-builder syntax: dockerfile (each Dockerfile's own, resolved to a digest) or syntax: none (pinning off)"
    }
  }
}

/** The Dockerfile's `# syntax=` is what the pin runs: the same repository and a tag the pin's tag
 * satisfies (`1` and `1.18` are 1.18.0), or the pin's digest. */
export function sameFrontend(own: string, pinned: string): boolean {
  const a = tryParseImageRef(own)
  const b = tryParseImageRef(pinned)
  if (!a || !b || a.registry !== b.registry || a.repository !== b.repository) return false
  if (a.digest) return a.digest === b.digest
  const tag = a.tag ?? 'latest'
  return b.tag === tag || (b.tag ?? '').startsWith(`${tag}.`)
}
