// What the OS takes on a command line. Linux refuses an execve (E2BIG, which node reports as
// `spawn E2BIG` and nothing more) when one argument or environment string is longer than
// MAX_ARG_STRLEN (32 pages: 128 KiB, its NUL included), or when all of them together, each with its NUL
// and its pointer, pass ARG_MAX (a quarter of the stack limit: 2 MiB under the usual 8 MiB). Pure.

export const MAX_ARG_STRLEN = 128 * 1024
export const ARG_MAX = 2 * 1024 * 1024
const POINTER = 8

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8') + 1

/**
 * The environment a command gets: the step's own without its inputs (INPUT_*). No command the suite
 * runs reads them, and they are what makes a command line long: each value is on it already, as an
 * argument, and counted twice it was `spawn E2BIG` at half the OS's limit.
 */
export const withoutInputs = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('INPUT_'))
  )

/** The bytes a string takes on the command line: its own, its NUL and its pointer. */
export const argBytes = (s: string): number => bytes(s) + POINTER

/** Environment strings as execve gets them: `NAME=value`. */
const envStrings = (env: Record<string, string | undefined>): string[] =>
  Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)

/** Why the OS would refuse this command (its argv and env), or undefined when it fits. `index` is the
 * argument at fault when one argument alone is too long. */
export function commandTooLarge(
  argv: string[],
  env: Record<string, string | undefined>
): { index?: number; envName?: string; message: string } | undefined {
  const index = argv.findIndex(a => bytes(a) > MAX_ARG_STRLEN)
  if (index >= 0)
    return {
      index,
      message: `argument ${index} is ${bytes(argv[index]) - 1} bytes, more than the ${MAX_ARG_STRLEN} the OS takes in one argument (MAX_ARG_STRLEN)`
    }
  const strings = envStrings(env)
  const long = strings.find(s => bytes(s) > MAX_ARG_STRLEN)
  if (long) {
    const envName = long.slice(0, long.indexOf('='))
    return {
      envName,
      message: `environment variable ${envName} is ${bytes(long) - 1} bytes, more than the ${MAX_ARG_STRLEN} the OS takes in one string (MAX_ARG_STRLEN)`
    }
  }
  const total = [...argv, ...strings].reduce((n, s) => n + argBytes(s), POINTER * 2)
  if (total > ARG_MAX)
    return {
      message: `the command line and environment take ${total} bytes, more than the ${ARG_MAX} the OS takes (ARG_MAX)`
    }
  return undefined
}
