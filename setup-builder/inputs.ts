import type { Inputs } from '../lib/inputs.js'
import { InputError } from '../lib/errors.js'
import { ENTITLEMENTS, type Entitlement } from '../lib/environment.js'
import { parseAllowedSyntax } from '../lib/syntax.js'
import { splitPlatform } from '../lib/arch.js'
import { parseImageRef, type ImageRef } from '../lib/image-ref.js'

export const DRIVERS = ['auto', 'docker', 'docker-container', 'remote'] as const
export type Driver = (typeof DRIVERS)[number]

export interface SetupInputs {
  driver: Driver
  endpoint: string
  name: string
  driverOpts: string[]
  buildkitdConfigInline: string
  platforms: string[]
  cleanup: boolean
  /** The frontend to pin, or undefined for `none`. */
  syntax?: { given: string; ref: ImageRef }
  syntaxResolve: boolean
  allowedSyntax: string[]
  entitlements: Entitlement[]
}

export function parseSetupInputs(inputs: Inputs): SetupInputs {
  const syntax = inputs.string('syntax')
  const parsed: SetupInputs = {
    driver: inputs.oneOf('driver', DRIVERS),
    endpoint: inputs.string('endpoint'),
    name: inputs.string('name'),
    driverOpts: inputs.list('driver-opts', { commas: false }),
    buildkitdConfigInline: inputs.string('buildkitd-config-inline'),
    platforms: inputs.list('platforms'),
    cleanup: inputs.bool('cleanup'),
    syntax: syntax === 'none' ? undefined : { given: syntax, ref: parseImageRef(syntax, 'syntax') },
    syntaxResolve: inputs.bool('syntax-resolve'),
    allowedSyntax: parseAllowedSyntax(inputs.string('allowed-syntax'), 'allowed-syntax'),
    entitlements: inputs.list('allow-insecure-entitlements').map(e => {
      if (!(ENTITLEMENTS as readonly string[]).includes(e)) {
        throw new InputError('allow-insecure-entitlements', e, ENTITLEMENTS.join(' | '))
      }
      return e as Entitlement
    })
  }
  if (parsed.driver === 'remote' && !parsed.endpoint) {
    throw new InputError('endpoint', '', 'a BuildKit address such as tcp://host:1234 when driver is remote')
  }
  if (parsed.driver !== 'remote' && parsed.endpoint) {
    throw new InputError('endpoint', parsed.endpoint, 'empty unless driver is remote')
  }
  if (parsed.name && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(parsed.name)) {
    throw new InputError(
      'name',
      parsed.name,
      'letters, digits, ".", "_" and "-", starting with a letter or digit'
    )
  }
  for (const opt of parsed.driverOpts) {
    if (!/^[a-zA-Z][\w.-]*=/.test(opt))
      throw new InputError('driver-opts', opt, 'key=value lines, such as network=host')
  }
  for (const p of parsed.platforms) {
    if (!splitPlatform(p))
      throw new InputError('platforms', p, 'os/arch[/variant] such as linux/arm64 or linux/arm/v7')
  }
  if (parsed.driver === 'docker' && (parsed.driverOpts.length || parsed.buildkitdConfigInline)) {
    throw new InputError(
      'driver',
      'docker',
      'docker-container or remote when driver-opts or buildkitd-config-inline are set (the docker driver takes neither)'
    )
  }
  return parsed
}
