// Pacing and concurrency over a fake clock.
import { mapPaced, Pacer } from '../../prune/pacer.js'

function fakeClock() {
  let t = 0
  const sleeps: number[] = []
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      t += ms
    },
    advance: (ms: number) => (t += ms),
    sleeps
  }
}

describe('Pacer', () => {
  test('spaces starts to the rate', async () => {
    const c = fakeClock()
    const p = new Pacer(120, c.now, c.sleep)
    const starts: number[] = []
    for (let i = 0; i < 4; i++) {
      await p.take()
      starts.push(c.now())
    }
    expect(starts).toEqual([0, 500, 1000, 1500])
  })
  test('a pause holds back every start until it ends', async () => {
    const c = fakeClock()
    const p = new Pacer(6000, c.now, c.sleep)
    await p.take()
    p.pause(3000)
    await p.take()
    expect(c.now()).toBe(3000)
  })
})

describe('mapPaced', () => {
  test('at most `concurrency` in flight; results in order; failures settle, the rest go on', async () => {
    let inFlight = 0
    let peak = 0
    const out = await mapPaced([1, 2, 3, 4, 5, 6, 7], 3, new Pacer(1e9), async n => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise(r => setTimeout(r, 5))
      inFlight--
      if (n === 4) throw new Error('four')
      return n * 10
    })
    expect(peak).toBe(3)
    expect(out.map(r => (r.ok ? r.value : (r.error as Error).message))).toEqual([
      10,
      20,
      30,
      'four',
      50,
      60,
      70
    ])
  })
  test('stop() ends the run: what was not started settles as skipped', async () => {
    let stop = false
    const out = await mapPaced(
      [1, 2, 3, 4],
      1,
      new Pacer(1e9),
      async n => {
        if (n === 2) stop = true
        return n
      },
      () => stop,
      () => 'skipped'
    )
    expect(out).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 2 },
      { ok: false, error: 'skipped' },
      { ok: false, error: 'skipped' }
    ])
  })
})
