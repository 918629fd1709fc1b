import { ARG_MAX, commandTooLarge, MAX_ARG_STRLEN } from '../../lib/command-size.js'

test("Linux's limits: 128 KiB a string (its NUL included), 2 MiB in all with pointers", () => {
  expect(MAX_ARG_STRLEN).toBe(131072)
  expect(ARG_MAX).toBe(2097152)
  expect(commandTooLarge(['a', 'x'.repeat(131071)], {})).toBeUndefined()
  expect(commandTooLarge(['a', 'x'.repeat(131072)], {})).toMatchObject({ index: 1 })
  // UTF-8 bytes count, not characters.
  expect(commandTooLarge(['a', 'é'.repeat(65536)], {})).toMatchObject({ index: 1 })
  expect(commandTooLarge(['a'], { BIG: 'x'.repeat(131072) })).toMatchObject({ envName: 'BIG' })
  const many = Array.from({ length: 20 }, () => 'x'.repeat(110_000))
  expect(commandTooLarge(many, {})?.message).toMatch(/more than the 2097152 the OS takes \(ARG_MAX\)/)
  expect(commandTooLarge(many.slice(0, 18), {})).toBeUndefined()
})
