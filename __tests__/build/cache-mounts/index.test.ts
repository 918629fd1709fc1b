import { openCacheMounts } from '../../../build/cache-mounts/index.js'
import type { BuildRequest } from '../../../build/model.js'
import { parse } from '../../helpers/build.js'

test('a call: check request runs no RUN step: the mounts are left alone', async () => {
  const lines: string[] = []
  const inputs = parse({ 'cache-mounts': '/root/.cache/x', 'cache-mounts-image': 'busybox', call: 'check' })
  const step = { inputs, log: { info: (m: string) => lines.push(m) } } as unknown as BuildRequest
  const api = {
    isFeatureAvailable: () => {
      throw new Error('not to be asked')
    }
  } as never
  expect(await openCacheMounts(step, api, {})).toBeUndefined()
  expect(lines).toEqual(['cache-mounts: skipped for a call: check request'])
})
