#!/usr/bin/env node
// Starts the GitHub cache services double and prints one line of JSON: the environment a runner would
// set for a job (ACTIONS_* for the cache service, GITHUB_* for the REST API). Runs until killed.
//   node test-support/gh-double/cli.mjs [--port N] [--host H] [--repo owner/name] [--ref refs/heads/main]
//                                       [--default-branch main] [--branch NAME]... [--pr N:open|closed[:base]]...
import { parseArgs } from 'node:util'
import process from 'node:process'
import { startDouble } from './index.mjs'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    repo: { type: 'string' },
    ref: { type: 'string' },
    'default-branch': { type: 'string' },
    branch: { type: 'string', multiple: true },
    pr: { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false }
  }
})

const pulls = (values.pr ?? []).map(spec => {
  const [number, state = 'open', base] = spec.split(':')
  return { number: Number(number), state, base }
})
const double = await startDouble({
  port: Number(values.port),
  host: values.host,
  repository: values.repo,
  defaultBranch: values['default-branch'],
  branches: values.branch,
  pulls,
  log: values.verbose ? m => process.stderr.write(`${m}\n`) : undefined
})
process.stdout.write(`${JSON.stringify(double.env({ ref: values.ref }))}\n`)

const stop = () => {
  double.close().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
