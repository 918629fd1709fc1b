// A cancelled step passes the runner's signal on to the commands it runs: the runner signals the
// step's own process only, and a build left running would go on after the job.
import { run, signalCommands } from '../../lib/exec.js'

test('signalCommands ends the running commands with the signal; finished ones are left alone', async () => {
  const done = await run({ cmd: 'true', args: [] })
  const started = Date.now()
  const sleeping = run({
    cmd: 'sh',
    args: ['-c', 'trap "echo got TERM; exit 7" TERM; while :; do sleep 0.1; done']
  })
  await new Promise(r => setTimeout(r, 200)) // the trap in place
  signalCommands('SIGTERM')
  expect(await sleeping).toEqual({ code: 7, stdout: 'got TERM\n', stderr: '' })
  expect(Date.now() - started).toBeLessThan(5000)
  expect(done.code).toBe(0)
  signalCommands('SIGTERM') // nothing left running: no error
})

test('a command the OS would refuse (E2BIG) fails saying why, before spawning', async () => {
  const big = 'x'.repeat(200_000)
  await expect(run({ cmd: 'true', args: [big] })).rejects.toThrow(
    'cannot run true: argument 1 is 200000 bytes, more than the 131072 the OS takes in one argument (MAX_ARG_STRLEN)'
  )
  // Just under the limit, the OS takes it.
  expect((await run({ cmd: 'true', args: ['x'.repeat(131_071)] })).code).toBe(0)
})

test("a command gets the step's environment without the step's inputs (INPUT_*)", async () => {
  process.env['INPUT_BUILD-ARGS'] = 'A=1'
  process.env.HX_KEPT = 'kept'
  try {
    const r = await run({ cmd: 'env', args: [], env: { EXTRA: 'x' } })
    expect(r.stdout).toContain('HX_KEPT=kept\n')
    expect(r.stdout).toContain('EXTRA=x\n')
    expect(r.stdout).not.toContain('INPUT_')
  } finally {
    delete process.env['INPUT_BUILD-ARGS']
    delete process.env.HX_KEPT
  }
})
