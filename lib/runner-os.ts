// The actions drive a Linux container engine through buildx: on a Windows or macOS runner nothing they
// do could work, so each action says so in one line before anything runs.
import { UserError } from './errors.js'

const NAMES: Partial<Record<NodeJS.Platform, string>> = { win32: 'Windows', darwin: 'macOS' }

/** Throws a one-line error naming the action and the runner's OS when the runner is not Linux. */
export function requireLinuxRunner(action: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'linux') return
  const os = NAMES[platform] ?? platform
  throw new UserError(
    `${action} runs on Linux runners only, this runner is ${os} (${platform}): use a Linux runner, e.g. runs-on: ubuntu-24.04`
  )
}
