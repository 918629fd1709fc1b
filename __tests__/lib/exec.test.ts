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
