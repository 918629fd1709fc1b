// The pinned Dockerfile frontend: a tag resolved to `ref@sha256:…` so every build in the job runs the
// same frontend even if the tag moves.
import { CommandError } from '../lib/exec.js'
import { UserError } from '../lib/errors.js'
import { dockerBuildx } from '../lib/buildx.js'
import type { ImageRef } from '../lib/image-ref.js'
import type { SetupInputs } from './inputs.js'

/** The default pin: one specific docker/dockerfile release (README: "Dockerfile frontend"). */
export const DEFAULT_SYNTAX = 'docker/dockerfile:1.18.0'

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

export async function resolveSyntax(given: string, ref: ImageRef): Promise<string> {
  if (ref.digest) return given
  try {
    const manifest = JSON.parse(await dockerBuildx(planResolve(given)))
    if (typeof manifest.digest !== 'string') throw new Error('the registry answered without a digest')
    return pinnedRef(given, manifest.digest)
  } catch (e) {
    const answer =
      e instanceof CommandError ? (e.result.stderr.trim().split('\n').at(-1) ?? '') : (e as Error).message
    throw new UserError(
      `syntax: cannot resolve ${given} to a digest: ${answer.replace(/^ERROR:\s*/, '')} (set syntax-resolve: false to use the tag as given, or syntax: none to turn pinning off)`
    )
  }
}

/** The frontend every build of the job uses: resolved to a digest unless told not to; '' for `none`. */
export const pinSyntax = (inputs: SetupInputs): Promise<string> | string =>
  !inputs.syntax
    ? ''
    : inputs.syntaxResolve
      ? resolveSyntax(inputs.syntax.given, inputs.syntax.ref)
      : inputs.syntax.given
