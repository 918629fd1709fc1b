import { checkAnnotations, metadataWarnings, printedWarnings } from '../../../build/summary/checks.js'

const dockerfile = 'FROM busybox as base\nRUN true\ncopy . /src\n'
const b64 = (s: string) => Buffer.from(s).toString('base64')
// As buildx 0.29 writes it with BUILDX_METADATA_WARNINGS=true (base64 short, detail and source).
const metadata = {
  'buildx.build.warnings': [
    {
      vertex: 'sha256:ba45',
      level: 1,
      short: b64("FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)"),
      detail: [b64("The 'as' keyword should match the case of the 'from' keyword")],
      url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
      sourceInfo: { filename: 'Dockerfile', data: b64(dockerfile), language: 'Dockerfile' },
      range: [{ start: { line: 1 }, end: { line: 1 } }]
    },
    { short: b64('no source'), detail: [b64('x')] }
  ]
}

describe('warnings', () => {
  it('from buildx.build.warnings: decoded, the line suffix dropped, the docs link kept, the detail as title', () => {
    expect(metadataWarnings(metadata)).toEqual([
      {
        message:
          "FromAsCasing: 'as' and 'FROM' keywords' casing do not match\nMore info: https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
        title: "The 'as' keyword should match the case of the 'from' keyword",
        line: 1,
        source: { filename: 'Dockerfile', data: b64(dockerfile) }
      }
    ])
  })

  it("from a call: check run's result.json (plain text, object or string)", () => {
    const result = {
      warnings: [
        {
          ruleName: 'ConsistentInstructionCasing',
          description: 'All commands within the Dockerfile should use the same casing',
          url: 'https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/',
          detail: "Command 'copy' should match the case of the command majority (uppercase)",
          location: { ranges: [{ start: { line: 3 }, end: { line: 3 } }] }
        }
      ]
    }
    const expected = [
      {
        message:
          "ConsistentInstructionCasing: Command 'copy' should match the case of the command majority (uppercase)\nMore info: https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/",
        title: 'All commands within the Dockerfile should use the same casing',
        line: 3
      }
    ]
    expect(metadataWarnings({ 'result.json': result })).toEqual(expected)
    expect(metadataWarnings({ 'result.json': JSON.stringify(result) })).toEqual(expected)
    expect(metadataWarnings({})).toEqual([])
  })

  it('from the lines buildx 0.13 prints for a newer BuildKit (colour codes and all)', () => {
    const lines = [
      '#9 DONE 1.1s',
      ' \x1b[33m2 warnings found (use --debug to expand):',
      "\x1b[0m - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
      " - ConsistentInstructionCasing: Command 'copy' should match the case of the command majority (uppercase) (line 3)",
      '',
      ' - NotAWarning: after the list (line 9)'
    ]
    expect(printedWarnings(lines)).toEqual([
      { message: "FromAsCasing: 'as' and 'FROM' keywords' casing do not match", line: 1 },
      {
        message:
          "ConsistentInstructionCasing: Command 'copy' should match the case of the command majority (uppercase)",
        line: 3
      }
    ])
  })
})

describe('annotations', () => {
  it("go to the build's Dockerfile when the warning is about it (name and text match)", () => {
    const w = metadataWarnings(metadata)
    expect(checkAnnotations(w, { path: 'app/Dockerfile', text: dockerfile })).toEqual([
      { message: w[0].message, title: w[0].title, file: 'app/Dockerfile', line: 1 }
    ])
    expect(checkAnnotations(w, { path: 'app/Dockerfile', text: 'FROM other\n' })).toEqual([])
    expect(checkAnnotations(w, { path: 'app/Containerfile', text: dockerfile })).toEqual([])
    expect(checkAnnotations(w, { path: 'app/Dockerfile' })).toEqual([])
  })

  it('in line order whatever order BuildKit reported them in; one without a line last', () => {
    const w = [{ message: 'C: c' }, { message: 'B: b', line: 3 }, { message: 'A: a', line: 1 }]
    expect(checkAnnotations(w, { path: 'Dockerfile' }).map(a => a.message)).toEqual(['A: a', 'B: b', 'C: c'])
  })

  it('a warning without its source is about the Dockerfile built', () => {
    expect(checkAnnotations([{ message: 'R: m', line: 2 }], { path: 'Dockerfile' })).toEqual([
      { message: 'R: m', title: undefined, file: 'Dockerfile', line: 2 }
    ])
  })
})
