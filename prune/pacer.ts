// Concurrent requests within an API's limits: starts spaced to a rate, all held back while the API
// asked to wait (Retry-After, a rate-limit reset), and an early end that settles the rest unstarted.
// Used by the gha target's deletions and the registry target's reads.
/**
 * Request starts spaced to at most `perMinute`, and held back entirely while the API asked to wait.
 * Shared by concurrent workers.
 */
export class Pacer {
  private next = 0
  private pausedUntil = 0
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = ms => new Promise(r => setTimeout(r, ms))
  ) {}

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms)
  }

  async take(): Promise<void> {
    for (;;) {
      const t = this.now()
      const at = Math.max(this.next, this.pausedUntil)
      if (at <= t) {
        this.next = t + 60000 / this.perMinute
        return
      }
      await this.sleep(at - t)
    }
  }
}

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown }

/**
 * `fn` over `items` with at most `concurrency` in flight, each start paced; `stop()` true ends the run
 * early (the items not started settle with `skipped`).
 */
export async function mapPaced<T, R>(
  items: T[],
  concurrency: number,
  pacer: Pacer,
  fn: (item: T) => Promise<R>,
  stop: () => unknown = () => false,
  skipped: () => unknown = () => new Error('not attempted')
): Promise<Settled<R>[]> {
  const out: Settled<R>[] = new Array(items.length)
  let nextIndex = 0
  const worker = async () => {
    for (;;) {
      const i = nextIndex++
      if (i >= items.length) return
      if (!stop()) await pacer.take()
      if (stop()) {
        out[i] = { ok: false, error: skipped() }
        continue
      }
      try {
        out[i] = { ok: true, value: await fn(items[i]) }
      } catch (error) {
        out[i] = { ok: false, error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
  return out
}
