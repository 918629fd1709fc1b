// The pinned Dockerfile frontend: a tag resolved to `ref@sha256:…` so every build in the job runs the
// same frontend even if the tag moves.
import { resolveSyntax, SYNTAX_PER_DOCKERFILE } from '../lib/frontend.js'
import type { SetupInputs } from './inputs.js'

export { pinnedRef, planResolve } from '../lib/frontend.js'

/** The frontend every build of the job uses: resolved to a digest unless told not to; '' for `none`;
 * `dockerfile` for each build to pin its Dockerfile's own (build resolves it). */
export const pinSyntax = (inputs: SetupInputs): Promise<string> | string =>
  !inputs.syntax
    ? ''
    : inputs.syntax.given === SYNTAX_PER_DOCKERFILE
      ? SYNTAX_PER_DOCKERFILE
      : inputs.syntaxResolve
        ? resolveSyntax(inputs.syntax.given, inputs.syntax.ref)
        : inputs.syntax.given
