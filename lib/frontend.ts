// A Dockerfile frontend reference resolved to `ref@sha256:…`, so a build runs the frontend its tag named
// when it was resolved even if the tag moves: setup-builder pins one for the job, build pins each
// Dockerfile's own with setup-builder `syntax: dockerfile`.
import { CommandError } from './exec.js'
import { UserError } from './errors.js'
import { dockerBuildx } from './buildx.js'
import type { ImageRef } from './image-ref.js'

/** The default pin: one specific docker/dockerfile release (README: "Dockerfile frontend"). */
export const DEFAULT_SYNTAX = 'docker/dockerfile:1.18.0'

/** setup-builder `syntax: dockerfile` as exported to the build: pin each Dockerfile's own frontend. */
export const SYNTAX_PER_DOCKERFILE = 'dockerfile'

/** The Dockerfile's own frontend is checked against allowed-syntax when it is used: pinning off, or
 * pinned per Dockerfile. */
export const checksOwnSyntax = (f: { pinned: string; allowedSyntax: string[] }) =>
  (!f.pinned || f.pinned === SYNTAX_PER_DOCKERFILE) && f.allowedSyntax.length > 0

/** argv for reading a reference's manifest digest from its registry. */
export const planResolve = (ref: string): string[] => [
  'buildx',
  'imagetools',
  'inspect',
  '--format',
  '{{json .Manifest}}',
  ref
]

export function pinnedRef(given: string, digest: string): string {
  return `${given.replace(/@sha256:[0-9a-f]{64}$/, '')}@${digest}`
}

const SETUP_HINT = 'set syntax-resolve: false to use the tag as given, or syntax: none to turn pinning off'

/** `given` at its digest (as given when it has one); a failure names the reference, the registry's
 * answer and `hint`, the way out. */
export async function resolveSyntax(given: string, ref: ImageRef, hint = SETUP_HINT): Promise<string> {
  if (ref.digest) return given
  try {
    const manifest = JSON.parse(await dockerBuildx(planResolve(given)))
    if (typeof manifest.digest !== 'string') throw new Error('the registry answered without a digest')
    return pinnedRef(given, manifest.digest)
  } catch (e) {
    const answer =
      e instanceof CommandError ? (e.result.stderr.trim().split('\n').at(-1) ?? '') : (e as Error).message
    throw new UserError(
      `syntax: cannot resolve ${given} to a digest: ${answer.replace(/^ERROR:\s*/, '')} (${hint})`
    )
  }
}
