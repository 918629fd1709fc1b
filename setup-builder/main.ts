// setup-builder: create or select a buildx builder and hand it to the later steps of the job.
import * as core from '@actions/core'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { actionInputs, runAction } from '../lib/action.js'
import { mainPlatforms } from '../lib/buildx.js'
import { docker, buildxVersion, inspectBuilder, engineUsesContainerd, currentContext } from '../lib/docker.js'
import { parseSetupInputs } from './inputs.js'
import { planBuilder, type EngineFacts } from './plan.js'

runAction(async () => {
  const inputs = parseSetupInputs(actionInputs())

  // Only the docker driver (chosen or auto) needs engine facts; buildx's version is read alongside.
  const needsFacts = inputs.driver === 'auto' || inputs.driver === 'docker'
  const [facts, version] = await Promise.all([
    needsFacts
      ? Promise.all([engineUsesContainerd(), currentContext()]).then(
          ([containerdStore, context]): EngineFacts => ({ containerdStore, context })
        )
      : Promise.resolve({ containerdStore: false, context: 'default' }),
    buildxVersion()
  ])
  const plan = planBuilder(inputs, facts, {
    runId: `${process.env.GITHUB_RUN_ID ?? Date.now()}-${process.env.GITHUB_JOB ?? 'job'}`.replace(
      /[^\w.-]/g,
      '-'
    ),
    tempDir: process.env.RUNNER_TEMP ?? '/tmp'
  })

  for (const [path, content] of Object.entries(plan.files)) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  if (plan.create) {
    core.info(`Creating builder ${plan.name} (${plan.driver})`)
    await docker(...plan.create)
    if (inputs.cleanup) core.saveState('created-builder', plan.name)
  }
  const builder = await inspectBuilder(plan.inspect)

  core.exportVariable('BUILDX_BUILDER', builder.name)
  const platforms = mainPlatforms(builder.nodes).join(',')
  core.setOutput('name', builder.name)
  core.setOutput('driver', builder.driver)
  core.setOutput('platforms', platforms)
  core.setOutput('buildx-version', version)
  core.setOutput('buildkit-version', builder.nodes[0]?.buildkitVersion ?? '')
  core.info(`Builder ${builder.name}: driver ${builder.driver}, buildx ${version}, platforms ${platforms}`)
})
