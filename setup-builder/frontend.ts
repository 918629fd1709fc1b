// The pinned Dockerfile frontend: a tag resolved to `ref@sha256:…` so every build in the job runs the
// same frontend even if the tag moves.
import { resolveSyntax } from '../lib/frontend.js'
import type { SetupInputs } from './inputs.js'

export { pinnedRef, planResolve } from '../lib/frontend.js'

/** The frontend every build of the job uses: resolved to a digest unless told not to; '' for `none`. */
export const pinSyntax = (inputs: SetupInputs): Promise<string> | string =>
  !inputs.syntax
    ? ''
    : inputs.syntaxResolve
      ? resolveSyntax(inputs.syntax.given, inputs.syntax.ref)
      : inputs.syntax.given
