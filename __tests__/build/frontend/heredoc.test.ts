import { isJsonArray } from '../../../build/frontend/heredoc.js'

test('isJsonArray', () => {
  expect(isJsonArray('["a", "b"]')).toBe(true)
  expect(isJsonArray('[1]')).toBe(false)
  expect(isJsonArray('[not json')).toBe(false)
  expect(isJsonArray('echo [1]')).toBe(false)
})
