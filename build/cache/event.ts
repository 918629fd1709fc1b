// The workflow event a cache plan depends on (pull request number and base branch), read from the
// runner's environment and event payload.
import { readFileSync } from 'node:fs'
import type { CacheEvent } from './cache-plan.js'

type Env = Record<string, string | undefined>

interface Payload {
  number?: unknown
  pull_request?: { number?: unknown; base?: { ref?: unknown } }
}

/**
 * GITHUB_EVENT_NAME, the payload at GITHUB_EVENT_PATH (pull_request.number, pull_request.base.ref),
 * GITHUB_BASE_REF and GITHUB_REF (`refs/pull/<n>/merge`). A missing or unreadable payload is not an
 * error: the ref still tells a pull request's number.
 */
export function readCacheEvent(
  env: Env,
  read: (path: string) => string = p => readFileSync(p, 'utf8')
): CacheEvent {
  let payload: Payload = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(read(env.GITHUB_EVENT_PATH)) ?? {}
    } catch {
      payload = {}
    }
  }
  const ref = env.GITHUB_REF || undefined
  const fromRef = ref ? /^refs\/pull\/(\d+)\//.exec(ref)?.[1] : undefined
  const number = [payload.pull_request?.number, payload.number, fromRef]
    .map(n => (typeof n === 'number' ? n : typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : undefined))
    .find(n => n !== undefined)
  const base = env.GITHUB_BASE_REF || payload.pull_request?.base?.ref
  const event: CacheEvent = { name: env.GITHUB_EVENT_NAME ?? '' }
  if (number !== undefined) event.prNumber = number
  if (typeof base === 'string' && base) event.baseRef = base
  if (ref) event.ref = ref
  return event
}
