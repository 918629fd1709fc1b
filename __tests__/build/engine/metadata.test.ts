// buildx's metadata nested 10,000 levels deep ended a successful build with `Maximum call stack size
// exceeded` (F12): read once with a bounded depth, the output is written and one warning says why.
import { boundDepth, METADATA_DEPTH, parseMetadata } from '../../../build/engine/metadata.js'
import { writeReport } from '../../../build/report.js'
import type { Runner } from '../../../lib/runtime.js'
import { parse } from '../../helpers/build.js'
import type { Built } from '../../../build/model.js'

const deep = (n: number) => `{"containerimage.digest":"sha256:abc","x":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`

test('a 10,000-deep value: parsed, cut below the bound, one warning; the rest kept', () => {
  const { metadata, warning } = parseMetadata(deep(10_000))
  expect(warning).toBe(
    `buildx's metadata: 1 value(s) nested deeper than ${METADATA_DEPTH} levels left out of the metadata output`
  )
  expect(metadata['containerimage.digest']).toBe('sha256:abc')
  const text = JSON.stringify(metadata)
  expect(text).toContain(`(nested deeper than ${METADATA_DEPTH} levels: left out)`)
  expect(text.split('{"a":').length - 1).toBe(METADATA_DEPTH - 1)
})

test('the build reports its outputs with it (stringified whole before: a stack overflow)', () => {
  const outputs: Record<string, string> = {}
  const warnings: string[] = []
  const log = {
    info: () => undefined,
    warning: (m: string) => warnings.push(m),
    setOutput: (k: string, v: string) => (outputs[k] = v)
  } as unknown as Runner
  const { metadata } = parseMetadata(deep(10_000))
  const built = {
    run: { code: 0, lines: [], vertices: [], stderr: '', durationMs: 1 },
    metadata,
    digest: 'sha256:abc',
    imageid: 'sha256:def',
    read: [],
    written: []
  } as unknown as Built
  expect(() => writeReport(log, parse({ tags: 'a/b' }), built, 'sha256:abc')).not.toThrow()
  expect(JSON.parse(outputs.metadata)['containerimage.digest']).toBe('sha256:abc')
  // Unbounded, the same value cannot be written at all.
  expect(() => JSON.stringify(JSON.parse(deep(10_000)))).toThrow(/Maximum call stack size exceeded/)
})

test('metadata of the usual depth is kept as it is, with no warning', () => {
  const usual = {
    'buildx.build.ref': 'b/b0/ref',
    'containerimage.descriptor': { annotations: { a: 'b' }, platform: { os: 'linux' } },
    list: [[1, [2]], { k: null }]
  }
  expect(parseMetadata(JSON.stringify(usual))).toEqual({ metadata: usual })
  expect(boundDepth(usual, 3)).toEqual({
    value: { ...usual, list: [[1, '(nested deeper than 3 levels: left out)'], { k: null }] },
    cut: 1
  })
})

test('not JSON, or not an object: no metadata, one warning', () => {
  expect(parseMetadata('{')).toEqual({
    metadata: {},
    warning: expect.stringMatching(/^buildx's metadata file is not JSON/)
  })
  expect(parseMetadata('[1]')).toEqual({ metadata: {} })
})
