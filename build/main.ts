// build: run one buildx build and report its result.
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { actionInputs, runAction } from '../lib/action.js'
import { run } from '../lib/exec.js'
import { UserError } from '../lib/errors.js'
import { parseBuildInputs } from './inputs.js'
import { planBuild, resultOutputs } from './plan.js'

runAction(async () => {
  const inputs = parseBuildInputs(actionInputs())
  for (const s of inputs.secrets) core.setSecret(s.value)

  const work = mkdtempSync(join(process.env.RUNNER_TEMP ?? '/tmp', 'build-'))
  try {
    const secretPaths: Record<string, string> = {}
    for (const s of inputs.secrets) {
      secretPaths[s.id] = join(work, `secret-${Object.keys(secretPaths).length}`)
      writeFileSync(secretPaths[s.id], s.value, { mode: 0o600 })
    }
    const plan = planBuild(inputs, {
      metadataFile: join(work, 'metadata.json'),
      secretPaths,
      builder: inputs.builder || process.env.BUILDX_BUILDER || '',
      cacheFrom: inputs.cacheFrom,
      cacheTo: inputs.cacheTo
    })

    core.info(`docker ${plan.args.join(' ')}`)
    // Build output is the user's Dockerfile talking: never let it issue workflow commands.
    const token = randomUUID()
    core.info(`::stop-commands::${token}`)
    const result = await run({ cmd: 'docker', args: plan.args }, { onLine: line => core.info(line) })
    core.info(`::${token}::`)
    if (result.code !== 0)
      throw new UserError(`buildx build failed (exit ${result.code}): ${lastError(result.stderr)}`)

    const metaFile = join(work, 'metadata.json')
    const metadata = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {}
    const { digest, imageid } = resultOutputs(metadata)
    core.setOutput('digest', digest)
    core.setOutput('imageid', imageid)
    core.setOutput('metadata', JSON.stringify(metadata))
    if (digest) core.info(`Image digest: ${digest}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})

/** The line of buildx's output that says what failed. */
function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n')
  return (
    [...lines]
      .reverse()
      .find(l => /^ERROR:|error:/i.test(l))
      ?.trim() ??
    lines.at(-1) ??
    ''
  )
}
