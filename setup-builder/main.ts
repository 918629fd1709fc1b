// setup-builder: create or select a buildx builder, pin the Dockerfile frontend, register emulation,
// and hand all of it to the later steps of the job.
import { dockerBuildx, mainPlatforms, parseBuildxVersion } from '../lib/buildx.js'
import { UserError } from '../lib/errors.js'
import { EXPORTS } from '../lib/environment.js'
import { requireLinuxRunner } from '../lib/runner-os.js'
import { actionInputs, exportVariable, info, runStep, setOutput, setSecret } from '../lib/runtime.js'
import { parseSetupInputs } from './inputs.js'
import { planBuilder } from './builder-plan.js'
import {
  checkConfigs,
  createBuilder,
  inspectBuilder,
  readEngineFacts,
  readNodes,
  uniqueId
} from './builder.js'
import { pinSyntax } from './frontend.js'
import { planEmulation } from './emulation-plan.js'
import { nodeOutput } from './nodes.js'
import { installEmulators, readEmulationFacts, registerEmulators } from './emulation.js'
import { state } from './state.js'

runStep(async () => {
  requireLinuxRunner('setup-builder')
  // Every input is read and checked before any command runs.
  const inputs = parseSetupInputs(actionInputs())
  const nodes = await readNodes(inputs)
  await checkConfigs(inputs, nodes)

  // QEMU on this runner's engine is for builders that run here: not remote, kubernetes or cloud ones,
  // nor one on another engine (endpoint), which emulates where it runs.
  const local =
    !inputs.endpoint &&
    (inputs.driver === 'auto' || inputs.driver === 'docker' || inputs.driver === 'docker-container')
  const emulation = planEmulation(local ? inputs.platforms : [], readEmulationFacts(), inputs.binfmtImage)
  if (emulation.missing.length) {
    throw new UserError(
      emulation.missing.map(m => `platforms: cannot build for ${m.platform}: ${m.why}`).join('; ')
    )
  }
  const emulate = emulation.register.length + emulation.install.length > 0

  const unique = uniqueId()
  const plan = readEngineFacts(inputs).then(f =>
    planBuilder(inputs, f, { unique, tempDir: process.env.RUNNER_TEMP ?? '/tmp', env: process.env, nodes })
  )
  // The reads are independent and run at once: engine facts, buildx's version, the frontend digest
  // and, for an existing builder (docker driver) with no emulator to register, the builder itself.
  // A builder to create waits for them, so an unresolvable frontend fails before it exists.
  const [resolved, version, syntax, existing] = await Promise.all([
    plan,
    dockerBuildx(['buildx', 'version']).then(parseBuildxVersion),
    pinSyntax(inputs),
    plan.then(p => (!p.create && !emulate ? inspectBuilder(p) : undefined))
  ])
  for (const s of resolved.secrets) setSecret(s)
  let builder = existing
  if (!builder) {
    if (emulation.register.length) {
      info(`Registering QEMU emulation: ${emulation.register.join(', ')}`)
      await registerEmulators(emulation.register)
    }
    if (emulation.install.length) {
      info(`Registering QEMU emulation with ${inputs.binfmtImage}: ${emulation.install.join(', ')}`)
      await installEmulators(inputs.binfmtImage, emulation.install)
    }
    if (resolved.create) info(`Creating builder ${resolved.name} (${resolved.driver})`)
    await createBuilder(resolved, () => {
      if (!inputs.cleanup) return
      state.createdBuilder = resolved.name
      state.keepState = inputs.keepState
      if (Object.keys(resolved.files).length) state.filesDir = resolved.dir
    })
    builder = await inspectBuilder(resolved)
  }

  // use: false leaves later steps on the builder they had (nothing exported, no `buildx create --use`).
  if (inputs.use) exportVariable(EXPORTS.builder, builder.name)
  exportVariable(EXPORTS.syntax, syntax)
  exportVariable(EXPORTS.allowedSyntax, inputs.allowedSyntax.join('\n'))
  exportVariable(EXPORTS.entitlements, granted(inputs.granted, nodes).join(','))
  const platformList = mainPlatforms(builder.nodes)
  const platforms = platformList.join(',')
  const facts = { builder: builder.name, driver: builder.driver, platforms: platformList }
  exportVariable(EXPORTS.builderFacts, JSON.stringify(facts))
  setOutput('name', builder.name)
  setOutput('driver', builder.driver)
  setOutput('platforms', platforms)
  setOutput('nodes', JSON.stringify(builder.nodes.map(nodeOutput), undefined, 2))
  setOutput('buildx-version', version)
  setOutput('buildkit-version', builder.nodes[0]?.buildkitVersion ?? '')
  setOutput('syntax', syntax)
  setOutput('entitlements', granted(inputs.granted, nodes).join(','))
  info(`Builder ${builder.name}: driver ${builder.driver}, buildx ${version}, platforms ${platforms}`)
  info(syntax ? `Dockerfile frontend pinned: ${syntax}` : 'Dockerfile frontend not pinned')
})

/** The entitlements later steps may ask for: those granted to the builder and to its nodes. */
const granted = (own: string[], nodes: { granted: string[] }[]) => [
  ...new Set([...own, ...nodes.flatMap(n => n.granted)])
]
