import { planResolve, pinnedRef, pinSyntax } from '../../setup-builder/frontend.js'
import { parse } from '../helpers/setup-builder.js'

describe('pinning and entitlements', () => {
  test('the digest is read with imagetools and appended to the tag as given', () => {
    expect(planResolve('localhost:5555/fe/dockerfile:1')).toEqual([
      'buildx',
      'imagetools',
      'inspect',
      '--format',
      '{{json .Manifest}}',
      'localhost:5555/fe/dockerfile:1'
    ])
    const d = `sha256:${'a'.repeat(64)}`
    expect(pinnedRef('docker/dockerfile:1.18.0', d)).toBe(`docker/dockerfile:1.18.0@${d}`)
    expect(pinnedRef(`docker/dockerfile:1.18.0@sha256:${'b'.repeat(64)}`, d)).toBe(
      `docker/dockerfile:1.18.0@${d}`
    )
  })
})

test('syntax: dockerfile hands the choice to each build (nothing resolved here); none turns pinning off', () => {
  expect(pinSyntax(parse({ syntax: 'dockerfile' }))).toBe('dockerfile')
  expect(pinSyntax(parse({ syntax: 'none' }))).toBe('')
  expect(pinSyntax(parse({ syntax: 'localhost:5555/fe/dockerfile:1', 'syntax-resolve': 'false' }))).toBe(
    'localhost:5555/fe/dockerfile:1'
  )
})
