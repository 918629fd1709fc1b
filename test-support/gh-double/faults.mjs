// Request accounting and injected faults. Routes are named `<area>.<operation>` (twirp.*, v1.*,
// blob.*, rest.*); a fault's `match` is a route prefix, a RegExp or a predicate on the route name.

export function createStats() {
  /** @type {Array<{route: string, method: string, path: string, status: number, fault?: string, start: number, end: number}>} */
  const requests = []
  const stats = {
    requests,
    record(r) {
      requests.push(r)
      return r
    },
    /** Requests for a route ('blob.get') or an area ('blob.'); all requests without an argument. */
    count(route) {
      if (route === undefined) return requests.length
      return requests.filter(r => matchRoute(route, r.route)).length
    },
    byRoute() {
      const out = {}
      for (const r of requests) out[r.route] = (out[r.route] ?? 0) + 1
      return out
    },
    forRoute(route) {
      return requests.filter(r => matchRoute(route, r.route))
    },
    reset() {
      requests.length = 0
    }
  }
  return stats
}

/** A string names one route ('twirp.CreateCacheEntry') or, ending with '.', an area ('rest.'). */
export function matchRoute(match, route) {
  if (match === undefined || match === null) return true
  if (typeof match === 'function') return Boolean(match(route))
  if (match instanceof RegExp) return match.test(route)
  return match.endsWith('.') ? route.startsWith(match) : route === match
}

export function createFaults() {
  /** @type {any[]} */
  let active = []
  let seq = 0
  const add = f => {
    const rule = { id: ++seq, seen: 0, fired: 0, ...f }
    active.push(rule)
    return rule
  }
  const faults = {
    get active() {
      return active.slice()
    },
    /**
     * Rate-limit answers. kind 'secondary' (default): status 429|403, Retry-After, a "secondary rate
     * limit" message. kind 'primary': x-ratelimit-remaining 0 and x-ratelimit-reset in retryAfter seconds.
     */
    rateLimit({ status = 429, retryAfter = 1, count = 1, kind = 'secondary', match = 'rest.' } = {}) {
      return add({ type: 'rate-limit', status, retryAfter, count, kind, match })
    },
    /** 5xx answers: the next `count` matching requests, or every `every`-th one. */
    serverError({ status = 500, count, every, match } = {}) {
      if (count === undefined && every === undefined) count = 1
      return add({ type: 'server-error', status, count: count ?? Infinity, every, match })
    },
    /** Delays matching responses by `delayMs`. */
    slow({ delayMs = 1000, count = Infinity, match } = {}) {
      return add({ type: 'slow', delayMs, count, match })
    },
    remove(rule) {
      active = active.filter(r => r !== rule && r.id !== rule)
    },
    clear() {
      active = []
    },
    /** Decides what to do for one request: { delayMs, answer? } (answer = the fault rule that answers). */
    pick(route) {
      let delayMs = 0
      let answer
      for (const rule of active) {
        if (!matchRoute(rule.match, route)) continue
        if (rule.type === 'slow') {
          if (rule.fired < rule.count) {
            rule.fired++
            delayMs += rule.delayMs
          }
          continue
        }
        if (answer) continue
        rule.seen++
        if (rule.every !== undefined) {
          if (rule.seen % rule.every === 0) {
            rule.fired++
            answer = rule
          }
        } else if (rule.fired < rule.count) {
          rule.fired++
          answer = rule
        }
      }
      active = active.filter(r => r.every !== undefined || r.fired < r.count)
      return { delayMs, answer }
    }
  }
  return faults
}
