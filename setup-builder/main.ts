// setup-builder: create or select a buildx builder, pin the Dockerfile frontend, register emulation,
// and hand all of it to the later steps of the job.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { mainPlatforms, parseBuildxVersion, parseInspect, type BuilderInfo } from '../lib/buildx.js'
import { UserError } from '../lib/errors.js'
import { engineUsesContainerd, currentContext } from '../lib/docker.js'
import { dockerBuildx } from '../lib/buildx-plugin.js'
import { parseSetupInputs, type SetupInputs } from './inputs.js'
import { planBuilder, type EngineFacts } from './builder-plan.js'
import { resolveSyntax } from './frontend.js'
import { planEmulation, readEmulationFacts, registerEmulators } from './emulation.js'
import { EXPORTS } from '../lib/environment.js'
import { actionInputs, exportVariable, info, runStep, saveState, setOutput } from '../lib/runtime.js'

/** What planning needs from the engine: the image store only for `auto` (the docker driver's builder
 * is the context's own, whatever the store), the context only for the docker driver's name. */
async function engineFacts(inputs: SetupInputs): Promise<EngineFacts> {
  const [containerdStore, context] = await Promise.all([
    inputs.driver === 'auto' ? engineUsesContainerd() : false,
    inputs.driver === 'auto' || inputs.driver === 'docker' ? currentContext() : 'default'
  ])
  return { containerdStore, context }
}

const pinSyntax = (inputs: SetupInputs): Promise<string> | string =>
  !inputs.syntax
    ? ''
    : inputs.syntaxResolve
      ? resolveSyntax(inputs.syntax.given, inputs.syntax.ref)
      : inputs.syntax.given

runStep(async () => {
  const inputs = parseSetupInputs(actionInputs())

  const emulation = planEmulation(inputs.platforms, readEmulationFacts())
  if (emulation.missing.length) {
    throw new UserError(
      emulation.missing.map(m => `platforms: cannot build for ${m.platform}: ${m.why}`).join('; ')
    )
  }

  const facts = engineFacts(inputs)
  const plan = facts.then(f =>
    planBuilder(inputs, f, {
      runId: `${process.env.GITHUB_RUN_ID ?? Date.now()}-${process.env.GITHUB_JOB ?? 'job'}`.replace(
        /[^\w.-]/g,
        '-'
      ),
      tempDir: process.env.RUNNER_TEMP ?? '/tmp'
    })
  )
  // The reads are independent and run at once: engine facts, buildx's version, the frontend digest
  // and, for an existing builder (docker driver) with no emulator to register, the builder itself.
  // A builder to create waits for them, so an unresolvable frontend fails before it exists.
  const [resolved, version, syntax, existing] = await Promise.all([
    plan,
    dockerBuildx(['buildx', 'version']).then(parseBuildxVersion),
    pinSyntax(inputs),
    plan.then(p =>
      !p.create && !emulation.register.length ? dockerBuildx(p.inspect).then(parseInspect) : undefined
    )
  ])
  let builder: BuilderInfo | undefined = existing
  if (!builder) {
    if (emulation.register.length) {
      info(`Registering QEMU emulation: ${emulation.register.join(', ')}`)
      await registerEmulators(emulation.register)
    }
    for (const [path, content] of Object.entries(resolved.files)) {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, content)
    }
    if (resolved.create) {
      info(`Creating builder ${resolved.name} (${resolved.driver})`)
      if (inputs.cleanup) saveState('created-builder', resolved.name)
      await dockerBuildx(resolved.create)
    }
    builder = parseInspect(await dockerBuildx(resolved.inspect))
  }

  exportVariable(EXPORTS.builder, builder.name)
  exportVariable(EXPORTS.syntax, syntax)
  exportVariable(EXPORTS.allowedSyntax, inputs.allowedSyntax.join('\n'))
  exportVariable(EXPORTS.entitlements, inputs.entitlements.join(','))
  const platforms = mainPlatforms(builder.nodes).join(',')
  setOutput('name', builder.name)
  setOutput('driver', builder.driver)
  setOutput('platforms', platforms)
  setOutput('buildx-version', version)
  setOutput('buildkit-version', builder.nodes[0]?.buildkitVersion ?? '')
  setOutput('syntax', syntax)
  setOutput('entitlements', inputs.entitlements.join(','))
  info(`Builder ${builder.name}: driver ${builder.driver}, buildx ${version}, platforms ${platforms}`)
  info(syntax ? `Dockerfile frontend pinned: ${syntax}` : 'Dockerfile frontend not pinned')
})
