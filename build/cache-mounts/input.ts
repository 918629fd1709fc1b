// The `cache-mounts` input read into mounts (its lines checked before anything runs). Apart from the
// planning (plan.ts), which reads the Dockerfile: a build without cache mounts starts without that code.
import { posix } from 'node:path'
import { InputError } from '../../lib/errors.js'
import type { CacheMount } from '../model.js'

export const INPUT = 'cache-mounts'

const ACCEPTED =
  "one mount per line: its absolute target path as the Dockerfile's RUN --mount=type=cache,target= gives it, or id=<the mount's id>"
// Characters that would need quoting in the generated Dockerfile's --mount value, or that the
// frontend would expand ($): refused rather than escaped.
// eslint-disable-next-line no-control-regex -- control characters are refused, as any other unsafe one
const UNSAFE = /[\s,"'`$\\=]|[\x00-\x1f\x7f]/

/** Go's path.Clean for an absolute path: `/a//b/./c/` → `/a/b/c`. */
export const cleanTarget = (target: string) => posix.normalize(target).replace(/(.)\/+$/, '$1')

/** The input's lines: absolute targets or `id=…`, no duplicates (by the id they name). */
export function parseCacheMounts(lines: string[]): CacheMount[] {
  const mounts: CacheMount[] = []
  for (const name of lines) {
    let id: string
    if (name.startsWith('id=')) {
      id = name.slice(3)
      if (!id || UNSAFE.test(id))
        throw new InputError(INPUT, name, `${ACCEPTED} (an id without spaces, commas, quotes, $ or =)`)
    } else {
      if (!name.startsWith('/'))
        throw new InputError(INPUT, name, `${ACCEPTED} (a relative path is not a target)`)
      if (UNSAFE.test(name))
        throw new InputError(INPUT, name, `${ACCEPTED} (a path without spaces, commas, quotes, $ or =)`)
      id = cleanTarget(name)
      if (id === '/') throw new InputError(INPUT, name, `${ACCEPTED} (/ cannot be a mount target)`)
    }
    const twin = mounts.find(m => m.id === id)
    if (twin)
      throw new InputError(INPUT, name, `${ACCEPTED}, each mount once (${twin.name} names the same mount)`)
    mounts.push({ name, id, options: {} })
  }
  return mounts
}
