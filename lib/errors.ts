/** A bad input: the message names the input, what was given and what is accepted, on one line. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly given: string,
    readonly accepted: string
  ) {
    // `accepted` can quote a part of what was given (a parser's complaint): flattened as well.
    super(`input '${input}': got '${short(flat(given))}'; accepted: ${flat(accepted)}`)
    this.name = 'InputError'
  }
}

/** A failure the user can act on, reported as one line without a stack. */
export class UserError extends Error {
  override name = 'UserError'
  constructor(message: string) {
    super(flat(message))
  }
}

/** Text on one line: every line break the runner or a reader honours shown as `\n`. */
const flat = (s: string): string => s.replace(/\s*(?:\r\n|[\r\n\u0085\u2028\u2029])\s*/g, '\\n')

/** What was given, cut to a length a line can show. */
const short = (s: string): string => (s.length > 120 ? `${s.slice(0, 117)}...` : s)
