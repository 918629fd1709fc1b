// buildx run as the docker CLI's plugin binary rather than through `docker buildx`: for every plugin
// command the CLI starts, runs the plugin once to read its metadata, then again for the command, which
// is about half of a bare `docker buildx inspect` (bench/setup-builder.mjs). The binary is looked up
// where the docker CLI looks; without one, `docker buildx` as before.
import { accessSync, constants, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CommandError, output } from './exec.js'

const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins'
]

/** The docker CLI's search order: config.json's cliPluginsExtraDirs, <config dir>/cli-plugins, then the system's. */
export function pluginDirs(env: NodeJS.ProcessEnv = process.env, read = readFileSync): string[] {
  const config = env.DOCKER_CONFIG || join(homedir(), '.docker')
  let extra: string[] = []
  try {
    const dirs = JSON.parse(read(join(config, 'config.json'), 'utf8')).cliPluginsExtraDirs
    if (Array.isArray(dirs)) extra = dirs.filter((d): d is string => typeof d === 'string')
  } catch {
    // no config.json, or not JSON: the CLI then uses the defaults too
  }
  return [...extra, join(config, 'cli-plugins'), ...SYSTEM_PLUGIN_DIRS]
}

function findPlugin(dirs: string[]): string | undefined {
  for (const dir of dirs) {
    const file = join(dir, 'docker-buildx')
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // not there: the next directory
    }
  }
  return undefined
}

let plugin: string | null | undefined
/** The buildx plugin binary the docker CLI would run, when there is one (looked up once). */
export function buildxPlugin(): string | undefined {
  if (plugin === undefined) plugin = findPlugin(pluginDirs()) ?? null
  return plugin ?? undefined
}

/** Runs `docker <argv>` for a `buildx …` argv (through the plugin binary when there is one) and
 * returns its stdout; a failure names the command as `docker buildx …`. */
export async function dockerBuildx(argv: string[]): Promise<string> {
  if (argv[0] !== 'buildx') throw new Error(`not a buildx command: ${argv.join(' ')}`)
  const command = { cmd: 'docker', args: argv }
  const plugin = buildxPlugin()
  if (!plugin) return output(command)
  try {
    return await output({ cmd: plugin, args: argv.slice(1) })
  } catch (e) {
    throw e instanceof CommandError ? new CommandError(command, e.result) : e
  }
}
