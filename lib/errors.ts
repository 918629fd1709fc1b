/** A bad input: the message names the input, what was given and what is accepted, on one line. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly given: string,
    readonly accepted: string
  ) {
    super(`input '${input}': got '${oneLine(given)}'; accepted: ${accepted}`)
    this.name = 'InputError'
  }
}

/** A failure the user can act on, reported as one line without a stack. */
export class UserError extends Error {
  override name = 'UserError'
}

/** The given value on one line: every line break the runner or a reader honours shown as `\n`. */
function oneLine(s: string): string {
  const flat = s.replace(/\s*(?:\r\n|[\r\n\u0085\u2028\u2029])\s*/g, '\\n')
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat
}
