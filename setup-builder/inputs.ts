import type { Inputs } from '../lib/inputs.js'
import { InputError } from '../lib/errors.js'

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
}

export function parseSetupInputs(inputs: Inputs): SetupInputs {
  const parsed: SetupInputs = {
    driver: inputs.oneOf('driver', DRIVERS),
    endpoint: inputs.string('endpoint'),
    name: inputs.string('name'),
    driverOpts: inputs.list('driver-opts', { commas: false }),
    buildkitdConfigInline: inputs.string('buildkitd-config-inline'),
    platforms: inputs.list('platforms'),
    cleanup: inputs.bool('cleanup')
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
  if (
    parsed.driver === 'docker' &&
    (parsed.driverOpts.length || parsed.buildkitdConfigInline || parsed.platforms.length)
  ) {
    throw new InputError(
      'driver',
      'docker',
      'docker-container or remote when driver-opts, buildkitd-config-inline or platforms are set (the docker driver takes none)'
    )
  }
  return parsed
}
