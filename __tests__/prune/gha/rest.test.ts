// The REST side of prune's gha target, without a network: which errors mean the token may not.
import { isPermissionError } from '../../../prune/gha/rest.js'

test.each([
  [{ status: 401 }, true],
  [{ status: 403, message: 'Resource not accessible by integration', response: { headers: {} } }, true],
  [{ status: 403, message: 'You have exceeded a secondary rate limit', response: { headers: {} } }, false],
  [{ status: 403, message: 'x', response: { headers: { 'x-ratelimit-remaining': '0' } } }, false],
  [{ status: 500 }, false]
])('isPermissionError %j', (e, want) => expect(isPermissionError(e)).toBe(want))
