// prune of 2,000 Actions cache entries (DESIGN §8: requests ≤ deletions + list pages; Retry-After
// honoured; nothing protected lost): the bundled prune (target gha) through the runner emulation,
// against the GitHub services double, which counts every request and answers two of the deletions
// with rate limits: a secondary one (429, Retry-After: 2) and a primary one (403, remaining 0, reset
// in 2 s). Besides the 2,000, 100 entries with the same key prefix on the default branch, which the
// selectors never pick without include-default-branch.
import { startDouble } from '../test-support/gh-double/index.mjs'
import { Job } from '../test-support/runner.mjs'
import { fmt, median } from './stats.mjs'

const DELETABLE = 2000
const PROTECTED = 100
const RETRY_AFTER = 2
/** Requests already on their way when a limited answer came may still start (the e2e test's allowance). */
const IN_FLIGHT_MS = 150

/** A matcher for the nth deletion request (a rule is dropped once it fired: each counts for itself). */
const nthDeletion = n => {
  let seen = 0
  return route => route === 'rest.deleteCacheById' && ++seen === n
}

async function round() {
  const d = await startDouble()
  try {
    d.store.seed([
      ...Array.from({ length: DELETABLE }, (_, i) => ({
        key: `bulk-${i}`,
        ref: 'refs/heads/feature',
        size: 10
      })),
      ...Array.from({ length: PROTECTED }, (_, i) => ({
        key: `bulk-main-${i}`,
        ref: 'refs/heads/main',
        size: 10
      }))
    ])
    const protectedIds = d.store
      .list()
      .filter(e => e.ref === 'refs/heads/main')
      .map(e => e.id)
    d.faults.rateLimit({ status: 429, retryAfter: RETRY_AFTER, match: nthDeletion(500) })
    d.faults.rateLimit({ status: 403, kind: 'primary', retryAfter: RETRY_AFTER, match: nthDeletion(1500) })
    d.stats.reset()
    const job = new Job({ env: d.env(), event: { repository: { default_branch: d.github.defaultBranch } } })
    // The pace is raised (default 180 a minute, GitHub's secondary limit): what is measured is the
    // requests, not the pacing.
    const r = await job.run('prune', {
      gha: 'key-prefix',
      'key-prefix': 'bulk-',
      'deletes-per-minute': 60000
    })
    job.dispose()
    if (r.code !== 0) throw new Error(`prune failed:\n${r.stdout}\n${r.stderr}`)

    const requests = d.stats.requests
    const limited = requests.filter(q => q.fault)
    // After each limited answer: the first request that was not already on its way, and when.
    const waits = limited.map(q => {
      const next = requests.filter(x => x.start > q.end + IN_FLIGHT_MS).sort((a, b) => a.start - b.start)[0]
      return next ? (next.start - q.start) / 1000 : Infinity
    })
    return {
      ms: r.ms,
      requests: requests.length,
      limited: limited.map(q => q.status),
      answered: requests.length - limited.length,
      pages: d.stats.count('rest.listCaches'),
      deletions: Number(r.outputs['deleted-count']),
      deletedInStore: DELETABLE + PROTECTED - d.store.list().length,
      routes: d.stats.byRoute(),
      waits,
      honoured: waits.every(w => w >= RETRY_AFTER - 0.05),
      protectedKept: protectedIds.filter(id => d.store.get(id)).length,
      failed: Number(r.outputs['failed-count'])
    }
  } finally {
    await d.close()
  }
}

export async function benchPrune({ rounds }) {
  console.log(
    `\n4. prune, target gha, key-prefix over ${DELETABLE} entries (+ ${PROTECTED} on the default branch), two rate-limited answers, ${rounds} rounds:`
  )
  const all = []
  for (let i = 0; i < rounds; i++) {
    const o = await round()
    all.push(o)
    const routes = Object.entries(o.routes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
    console.log(
      `   round ${i + 1}: ${o.requests} requests (${routes}); rate-limited answers ${o.limited.join(', ')}; ` +
        `deletions ${o.deletions} (store: ${o.deletedInStore} gone, ${o.failed} failed); list pages ${o.pages}; ` +
        `next request ${o.waits.map(w => `${w.toFixed(2)} s`).join(' / ')} after each limited answer (Retry-After ${RETRY_AFTER} s); ` +
        `protected kept ${o.protectedKept}/${PROTECTED}; ${(o.ms / 1000).toFixed(1)} s`
    )
  }
  const perEntry = all.map(o => o.answered / (o.deletions + o.pages))
  const r3 = v => v.toFixed(3)
  console.log(
    `   requests besides the rate-limited answers: ${fmt(
      all.map(o => o.answered),
      v => v.toFixed(0),
      ''
    )}`
  )
  console.log(
    `   rate-limited answers (shown apart): ${fmt(
      all.map(o => o.limited.length),
      v => v.toFixed(0),
      ''
    )}`
  )
  console.log(
    `   deletions + list pages: ${fmt(
      all.map(o => o.deletions + o.pages),
      v => v.toFixed(0),
      ''
    )}`
  )
  console.log(`   requests / (deletions + list pages): ${fmt(perEntry, r3, '')}`)
  const s = v => `${v.toFixed(2)} s`
  const shortest = all.map(o => Math.min(...o.waits))
  return [
    {
      target: 'prune 2,000: requests ≤ deletions + list pages (besides rate-limited answers)',
      figure: perEntry,
      f: r3,
      pass: all.every(o => o.answered <= o.deletions + o.pages && o.deletions === DELETABLE)
    },
    {
      target: `prune 2,000: Retry-After (${RETRY_AFTER} s) honoured: shortest wait after a limited answer`,
      figure: shortest,
      f: s,
      pass: all.every(o => o.honoured && o.limited.length === 2)
    },
    {
      target: 'prune 2,000: protected entries kept (default branch)',
      figure: all.map(o => o.protectedKept),
      f: v => `${v.toFixed(0)}/${PROTECTED}`,
      pass:
        all.every(o => o.protectedKept === PROTECTED) && median(all.map(o => o.deletedInStore)) === DELETABLE
    }
  ]
}
