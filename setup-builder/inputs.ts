// setup-builder's inputs, read and checked before anything runs: setup-buildx-action's names and
// formats (driver-opts one per line with quotes kept for buildx, platforms CSV, append YAML, …) plus
// this suite's own (auto driver, pinned frontend, entitlements, BuildKit and binfmt images). Pure.
import type { Inputs } from '../lib/inputs.js'
import { InputError } from '../lib/errors.js'
import { ENTITLEMENTS, type Entitlement } from '../lib/environment.js'
import { parseAllowedSyntax } from '../lib/syntax.js'
import { splitPlatform } from '../lib/arch.js'
import { parseImageRef, type ImageRef } from '../lib/image-ref.js'
import { parseBuildkitdFlags, parseDriverOpts, type DriverOptLine } from './options.js'

export const DRIVERS = ['auto', 'docker', 'docker-container', 'remote', 'kubernetes', 'cloud'] as const
export type Driver = (typeof DRIVERS)[number]

/** buildx's own default image for the builders it runs (docker-container, kubernetes): with it, no
 * image option is passed, as setup-buildx-action passes none. */
export const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:buildx-stable-1'
/** setup-qemu-action's installer image. */
export const DEFAULT_BINFMT_IMAGE = 'tonistiigi/binfmt:latest'

export interface SetupInputs {
  driver: Driver
  endpoint: string
  name: string
  driverOpts: DriverOptLine[]
  buildkitdFlags: string
  buildkitdConfig: string
  buildkitdConfigInline: string
  buildkitImage: string
  platforms: string[]
  /** Raw `append` YAML (parsed with setup-builder/nodes.ts once loaded). */
  append: string
  use: boolean
  keepState: boolean
  cleanup: boolean
  binfmtImage: string
  /** The frontend to pin, or undefined for `none`. */
  syntax?: { given: string; ref: ImageRef }
  syntaxResolve: boolean
  allowedSyntax: string[]
  /** allow-insecure-entitlements: added to the flags of every buildkitd buildx starts. */
  entitlements: Entitlement[]
  /** Those plus the ones buildkitd-flags grant: what later steps may ask for. */
  granted: Entitlement[]
}

/** A value that must be one line (it reaches a command line or a file command). */
export function oneLine(inputs: Inputs, name: string): string {
  const v = inputs.string(name)
  if (/[\r\n]/.test(v)) throw new InputError(name, v, 'a single line')
  return v
}

/** A positional argument to buildx must not read as a flag. */
function notAFlag(name: string, v: string): string {
  if (v.startsWith('-')) throw new InputError(name, v, 'a value that does not start with "-"')
  return v
}

/** buildx's remote driver schemes (remoteutil.IsValidEndpoint). */
const REMOTE_SCHEMES = ['docker-container', 'kube-pod', 'npipe', 'ssh', 'tcp', 'unix']
/** What the docker CLI takes as a host (DOCKER_HOST) besides a context name. */
const DOCKER_SCHEMES = ['fd', 'http', 'https', 'npipe', 'ssh', 'tcp', 'unix']
const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/

/** The endpoint as buildx takes it for the driver: a BuildKit address for remote, a docker context or
 * host for docker-container and kubernetes, a cloud builder (org/name) for cloud. */
export function checkEndpoint(driver: Driver, endpoint: string, name = 'endpoint'): string {
  if (driver === 'remote') {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\/./.exec(endpoint)?.[1]
    if (!scheme || !REMOTE_SCHEMES.includes(scheme)) {
      throw new InputError(
        name,
        endpoint,
        `a BuildKit address for the remote driver: ${REMOTE_SCHEMES.map(s => `${s}://`).join(' ')} (such as tcp://buildkitd:1234)`
      )
    }
    return endpoint
  }
  if (endpoint === '') return endpoint
  if (driver === 'docker') {
    throw new InputError(
      name,
      endpoint,
      "empty with the docker driver (its builder is the docker context's own: name it with `name`)"
    )
  }
  notAFlag(name, endpoint)
  if (/\s/.test(endpoint)) throw new InputError(name, endpoint, 'no spaces')
  if (driver === 'cloud') return endpoint
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(endpoint)?.[1]
  if (scheme ? !DOCKER_SCHEMES.includes(scheme) : !CONTEXT_NAME.test(endpoint)) {
    throw new InputError(
      name,
      endpoint,
      `a docker context name or a docker host (${DOCKER_SCHEMES.map(s => `${s}://`).join(' ')})`
    )
  }
  return endpoint
}

/** buildx's builder and node names: a letter first, then letters, digits, `.`, `_`, `-`. */
export const BUILDER_NAME = /^[a-zA-Z][a-zA-Z0-9._-]*$/

/** setup-buildx-action inputs that are gone from it or that this action does not take. */
function refuseUnsupported(inputs: Inputs): void {
  const version = oneLine(inputs, 'version')
  if (version) {
    throw new InputError(
      'version',
      version,
      "empty: setup-builder uses the runner's buildx and installs none (install the one you need before this step)"
    )
  }
  for (const [old, now] of [
    ['config', 'buildkitd-config'],
    ['config-inline', 'buildkitd-config-inline']
  ]) {
    const v = inputs.string(old)
    if (v) throw new InputError(old, v, `nothing: the input is named ${now}`)
  }
  if (inputs.string('install') && inputs.bool('install')) {
    throw new InputError(
      'install',
      'true',
      'false: setup-builder does not make `docker build` run buildx (call docker buildx build, or the build action)'
    )
  }
  inputs.bool('cache-binary') // checked as a boolean; nothing is downloaded to cache
}

export function parseSetupInputs(inputs: Inputs): SetupInputs {
  refuseUnsupported(inputs)
  const driver = inputs.oneOf('driver', DRIVERS)
  const syntax = oneLine(inputs, 'syntax')
  const flags = parseBuildkitdFlags(inputs.string('buildkitd-flags'))
  const entitlements = inputs.list('allow-insecure-entitlements').map(e => {
    if (!(ENTITLEMENTS as readonly string[]).includes(e)) {
      throw new InputError('allow-insecure-entitlements', e, ENTITLEMENTS.join(' | '))
    }
    return e as Entitlement
  })
  const parsed: SetupInputs = {
    driver,
    endpoint: checkEndpoint(driver, oneLine(inputs, 'endpoint')),
    name: oneLine(inputs, 'name'),
    driverOpts: parseDriverOpts(inputs.string('driver-opts')),
    buildkitdFlags: flags.flags,
    buildkitdConfig: oneLine(inputs, 'buildkitd-config'),
    buildkitdConfigInline: inputs.string('buildkitd-config-inline'),
    buildkitImage: oneLine(inputs, 'buildkit-image') || DEFAULT_BUILDKIT_IMAGE,
    // CSV across lines, `"linux/arm64,linux/arm/v7"` split too, as setup-buildx-action reads it.
    platforms: inputs
      .list('platforms')
      .flatMap(p => p.split(',').map(s => s.trim()))
      .filter(Boolean),
    append: inputs.string('append'),
    use: inputs.bool('use'),
    keepState: inputs.bool('keep-state'),
    cleanup: inputs.bool('cleanup'),
    binfmtImage: oneLine(inputs, 'binfmt-image'),
    syntax: syntax === 'none' ? undefined : { given: syntax, ref: parseImageRef(syntax, 'syntax') },
    syntaxResolve: inputs.bool('syntax-resolve'),
    allowedSyntax: parseAllowedSyntax(inputs.string('allowed-syntax'), 'allowed-syntax'),
    entitlements,
    granted: [...new Set([...entitlements, ...flags.entitlements])]
  }
  checkCombination(parsed)
  return parsed
}

/** What only a builder this step creates takes: `auto` then creates a docker-container builder. */
export function configuresBuilder(i: SetupInputs): string | undefined {
  if (i.driverOpts.length) return 'driver-opts'
  if (i.buildkitdFlags) return 'buildkitd-flags'
  if (i.buildkitdConfig) return 'buildkitd-config'
  if (i.buildkitdConfigInline) return 'buildkitd-config-inline'
  if (i.buildkitImage !== DEFAULT_BUILDKIT_IMAGE) return 'buildkit-image'
  if (i.keepState) return 'keep-state'
  if (i.append) return 'append'
  if (i.endpoint) return 'endpoint'
  return undefined
}

function checkCombination(i: SetupInputs): void {
  if (i.name) {
    const pattern =
      i.driver === 'docker'
        ? CONTEXT_NAME
        : i.driver === 'auto' && !configuresBuilder(i)
          ? CONTEXT_NAME
          : BUILDER_NAME
    if (!pattern.test(i.name)) {
      throw new InputError(
        'name',
        i.name,
        pattern === BUILDER_NAME
          ? 'a letter, then letters, digits, ".", "_" and "-" (a buildx builder name)'
          : 'letters, digits, ".", "_", "+" and "-", starting with a letter or digit'
      )
    }
  }
  for (const p of i.platforms) {
    if (!splitPlatform(p))
      throw new InputError('platforms', p, 'os/arch[/variant] such as linux/arm64 or linux/arm/v7')
  }
  if (i.buildkitImage !== DEFAULT_BUILDKIT_IMAGE) parseImageRef(i.buildkitImage, 'buildkit-image')
  if (i.binfmtImage) parseImageRef(i.binfmtImage, 'binfmt-image')
  if (i.buildkitdConfig && i.buildkitdConfigInline) {
    throw new InputError(
      'buildkitd-config-inline',
      i.buildkitdConfigInline,
      'empty when buildkitd-config is set (the two are exclusive)'
    )
  }
  const wants = configuresBuilder(i)
  if (i.driver === 'docker' && wants) {
    throw new InputError(
      'driver',
      'docker',
      `docker-container, kubernetes or remote when ${wants} is set (the docker driver uses the engine's builder as it is)`
    )
  }
  // buildx refuses these for a daemon it does not start; say so before anything runs.
  if (i.driver === 'remote' || i.driver === 'cloud') {
    for (const [input, set] of [
      ['buildkitd-config', i.buildkitdConfig],
      ['buildkitd-config-inline', i.buildkitdConfigInline],
      ['buildkit-image', i.buildkitImage !== DEFAULT_BUILDKIT_IMAGE ? i.buildkitImage : '']
    ]) {
      if (set)
        throw new InputError(
          input,
          set,
          `empty with the ${i.driver} driver (its BuildKit is configured where it runs)`
        )
    }
  }
  if (i.driver === 'remote' && i.buildkitdFlags) {
    throw new InputError(
      'buildkitd-flags',
      i.buildkitdFlags,
      'empty with the remote driver (its BuildKit is configured where it runs)'
    )
  }
  if (i.keepState && i.driver !== 'docker-container' && i.driver !== 'auto') {
    throw new InputError(
      'keep-state',
      'true',
      `false with the ${i.driver} driver (only a docker-container builder keeps its state in a volume)`
    )
  }
}
