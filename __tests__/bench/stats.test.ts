// The bench's arithmetic: the ratio of medians' interval (a paired bootstrap) and the table that shows it.
import { median, ratioInterval, table } from '../../bench/stats.mjs'

const x = (v: number) => `${v.toFixed(3)}×`

test('the interval holds the ratio of medians, and reads the same when drawn again', () => {
  const bare = [240, 251, 238, 262, 245, 249, 270, 236, 255, 241, 247]
  const step = bare.map((b, i) => b * 1.1 + ((i * 7) % 11) - 5)
  const [lo, hi] = ratioInterval(step, bare)
  const ratio = median(step) / median(bare)
  expect(lo).toBeLessThanOrEqual(ratio)
  expect(hi).toBeGreaterThanOrEqual(ratio)
  expect(ratioInterval(step, bare)).toEqual([lo, hi])
})

test('two sides alike: an interval around 1.0; a side 20 % slower and steady: one that leaves 1.0 out', () => {
  const bare = [240, 251, 238, 262, 245, 249, 270, 236, 255]
  const [lo, hi] = ratioInterval(bare, bare)
  expect([lo, hi]).toEqual([1, 1])
  const slower = bare.map(b => b * 1.2)
  const [slo, shi] = ratioInterval(slower, bare)
  expect(slo).toBeGreaterThan(1.1)
  expect(shi).toBeLessThan(1.3)
})

test('noisy sides give a wide interval: a 1.10 target inside it is within the noise', () => {
  const bare = [240, 300, 238, 262, 245, 320, 270, 236, 255]
  const step = [270, 250, 290, 240, 300, 260, 330, 250, 280]
  const [lo, hi] = ratioInterval(step, bare)
  expect(lo).toBeLessThan(1.1)
  expect(hi).toBeGreaterThan(1.1)
})

test('the table shows the interval after the ratio of medians', () => {
  const out = table([
    {
      target: 'leg ≤ 1.10 × bare',
      figure: [1.1, 1.2, 1.15],
      f: x,
      ratio: 1.15,
      interval: [1.08, 1.21],
      pass: false
    }
  ])
  expect(out.split('\n')[2]).toMatch(
    /\| 1\.150× \[1\.080× – 1\.210×\]; pairs 1\.150× \(1\.100× – 1\.200×, n=3\) +\| MISS \|$/
  )
})
