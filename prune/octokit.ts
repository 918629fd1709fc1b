// The REST client prune's targets share: @actions/github's octokit with the throttling and retry plugins,
// rate limits waited for (and reported to the caller's pacer), a reset too far away not waited for.
import { getOctokit } from '@actions/github'
import { throttling } from '@octokit/plugin-throttling'
import { retry } from '@octokit/plugin-retry'
import type { Logger } from '../lib/runtime.js'

export interface RestOptions {
  token: string
  /** GITHUB_API_URL */
  apiUrl: string
  log: Logger
  /** Called whenever the API says to wait (seconds), so callers can hold back their other requests. */
  onWait?: (seconds: number) => void
  /** A primary rate limit that resets later than this (s) is not waited for: the request fails. */
  maxResetWaitSeconds?: number
  /** Retries of a 5xx / network failure (the retry plugin), and of a rate-limited request. */
  retries?: number
}

export type Octokit = ReturnType<typeof restClient>

export function restClient(o: RestOptions) {
  const retries = o.retries ?? 3
  const maxWait = o.maxResetWaitSeconds ?? 600
  const debug = (m: string) => o.log.debug?.(m)
  // The plugin's own write limiter sends one mutating request per second, one at a time; callers pace
  // deletions themselves (see Pacer), so that stage is a pass-through.
  const passThrough = { key: () => ({ schedule: (_o: unknown, fn: () => Promise<unknown>) => fn() }) }
  return getOctokit(
    o.token,
    {
      baseUrl: o.apiUrl.replace(/\/+$/, ''),
      log: { debug, info: debug, warn: o.log.warning, error: o.log.warning },
      retry: { retries },
      throttle: {
        write: passThrough,
        onSecondaryRateLimit: (
          after: number,
          req: { method: string; url: string },
          _k: unknown,
          n: number
        ) => {
          o.log.info(`secondary rate limit on ${req.method} ${req.url}: waiting ${after}s (Retry-After)`)
          o.onWait?.(after)
          return n < retries + 2
        },
        onRateLimit: (after: number, req: { method: string; url: string }, _k: unknown, n: number) => {
          if (after > maxWait) {
            o.log.warning(
              `rate limit on ${req.method} ${req.url}: it resets in ${after}s, longer than ${maxWait}s`
            )
            return false
          }
          o.log.info(`rate limit on ${req.method} ${req.url}: waiting ${after}s for the reset`)
          o.onWait?.(after)
          return n < retries
        }
      }
    },
    throttling,
    retry
  )
}

/** `HTTP 403: message` from an octokit error (without the documentation link), else its message. */
export const describeHttp = (e: unknown): string => {
  const status = (e as { status?: number })?.status
  const message = String((e as Error)?.message ?? e).split('\n')[0]
  return status ? `HTTP ${status}: ${message.replace(/ - https:\/\/docs\.github\.com\S*/, '')}` : message
}
