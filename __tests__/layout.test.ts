// The layout a newcomer can walk: each action's folder without import circles (dynamic imports
// included: a chunk never imports the module that loads it), and at most a few imports from an area
// back up to a module of the folder above the ground floor (scripts/import-graph.mjs).
import { circles, importGraph, upwardImports } from '../scripts/import-graph.mjs'

describe.each(['build', 'setup-builder', 'prune', 'lib'])('%s/', folder => {
  const graph = importGraph(folder)

  test('has no import circle', () => {
    expect(circles(graph)).toEqual([])
  })
  test('has at most four imports running back up', () => {
    expect(upwardImports(graph).length).toBeLessThanOrEqual(4)
  })
})

test('build/model.ts is the ground floor: it imports no area of build/', () => {
  const model = importGraph('build').get('model.ts') ?? []
  expect(model.filter(e => e.to.includes('/'))).toEqual([])
})

test('only main.ts and request.ts import the loaders (build/lazy.ts)', () => {
  const graph = importGraph('build')
  const importers = [...graph].filter(([, edges]) => edges.some(e => e.to === 'lazy.ts')).map(([f]) => f)
  expect(importers.sort()).toEqual(['main.ts', 'request.ts'])
})
