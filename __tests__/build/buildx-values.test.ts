import { exporterTypes, outputAttrs } from '../../build/buildx-values.js'

// docker/actions-toolkit's own hasLocalExporter / hasTarExporter / hasDockerExporter cases: the outputs,
// then whether each exporter is among them (load counting as docker).
const EXPORTER_CASES: [string[], { local: boolean; tar: boolean; docker: boolean }][] = [
  [['type=registry,ref=user/app'], { local: false, tar: false, docker: false }],
  [['type=docker'], { local: false, tar: false, docker: true }],
  [['type=local,dest=./release-out'], { local: true, tar: false, docker: false }],
  [['type=tar,dest=/tmp/image.tar'], { local: false, tar: true, docker: false }],
  [['type=docker', 'type=tar,dest=/tmp/image.tar'], { local: false, tar: true, docker: true }],
  [['"type=tar","dest=/tmp/image.tar"'], { local: false, tar: true, docker: false }],
  [['" type= local" , dest=./release-out'], { local: true, tar: false, docker: false }],
  [['.'], { local: true, tar: false, docker: false }]
]

describe('exporters, as the Actions toolkit finds them in outputs (its own test cases)', () => {
  test.each(EXPORTER_CASES)('%j', (outputs, expected) => {
    const types = exporterTypes(outputs)
    expect({
      local: types.includes('local'),
      tar: types.includes('tar'),
      docker: types.includes('docker')
    }).toEqual(expected)
  })
  // hasDockerExporter's cases with load: load counts as the docker exporter.
  test.each([
    [['type=docker'], false],
    [['type=docker'], true],
    [['.'], true]
  ])('%j with load %s has the docker exporter', (outputs, load) => {
    expect(load || exporterTypes(outputs).includes('docker')).toBe(true)
  })
  test('a lone path is a local dest; - is a tar on stdout', () => {
    expect(outputAttrs('out/dir')).toEqual({ type: 'local', dest: 'out/dir' })
    expect(outputAttrs('-')).toEqual({ type: 'tar', dest: '-' })
  })
})
