// A build command the OS would refuse (lib/command-size.ts), said before it runs as a bad input: the
// input whose values make the command too long, and how to pass large values instead. Pure.
import { InputError } from '../../lib/errors.js'
import { argBytes, commandTooLarge, MAX_ARG_STRLEN } from '../../lib/command-size.js'

/** The input each value-carrying flag of buildx build and docker build comes from. */
const FLAG_INPUTS: Record<string, string> = {
  '--tag': 'tags',
  '--label': 'labels',
  '--annotation': 'annotations',
  '--build-arg': 'build-args',
  '--build-context': 'build-contexts',
  '--output': 'outputs',
  '--secret': 'secrets',
  '--ssh': 'ssh',
  '--no-cache-filter': 'no-cache-filters',
  '--allow': 'allow',
  '--add-host': 'add-hosts',
  '--ulimit': 'ulimit',
  '--attest': 'attests',
  '--cache-from': 'cache-from',
  '--cache-to': 'cache-to',
  '--file': 'file',
  '--target': 'target',
  '--platform': 'platforms',
  '--network': 'network',
  '--cgroup-parent': 'cgroup-parent'
}

const ACCEPTED = `values of at most ${MAX_ARG_STRLEN / 1024} KiB each and about 2 MiB in all (the OS's limits on a command line); pass large values in files: build-contexts, secret-files, a Dockerfile ARG default or a COPY of a file from the context`

/** The input a value at argv[i] comes from, when it follows one of the flags above. */
const inputAt = (argv: string[], i: number): string | undefined => FLAG_INPUTS[argv[i - 1] ?? '']

/**
 * Throws an InputError naming the input when the OS would refuse the command (`env`: the environment
 * the command gets, the step's own included): for one value too long, its input; for a command too
 * long in all, the input whose values take the most of it.
 */
export function checkCommandSize(argv: string[], env: Record<string, string | undefined>): void {
  const problem = commandTooLarge(argv, env)
  if (!problem) return
  if (problem.envName) throw new Error(`cannot run the build: ${problem.message}`)
  if (problem.index !== undefined) {
    const input = inputAt(argv, problem.index) ?? 'context'
    throw new InputError(input, argv[problem.index], `${ACCEPTED} (${problem.message})`)
  }
  const byInput = new Map<string, { bytes: number; first: string }>()
  argv.forEach((a, i) => {
    const input = inputAt(argv, i)
    if (!input) return
    const seen = byInput.get(input) ?? { bytes: 0, first: a }
    byInput.set(input, { ...seen, bytes: seen.bytes + argBytes(a) + argBytes(argv[i - 1]) })
  })
  const [input, most] = [...byInput].sort((a, b) => b[1].bytes - a[1].bytes)[0] ?? []
  // The step's environment can be the larger part: then no input is to blame.
  const envBytes = Object.entries(env).reduce(
    (n, [k, v]) => n + (v === undefined ? 0 : argBytes(`${k}=${v}`)),
    0
  )
  if (!input || envBytes > most.bytes)
    throw new Error(`cannot run the build: ${problem.message}, ${envBytes} of them the environment's`)
  throw new InputError(
    input,
    most.first,
    `${ACCEPTED} (${input} takes ${most.bytes} bytes; ${problem.message})`
  )
}
