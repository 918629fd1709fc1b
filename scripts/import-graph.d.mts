// Types for scripts/import-graph.mjs, for __tests__/layout.test.ts.
export interface Edge {
  to: string
  typeOnly: boolean
}
export type Graph = Map<string, Edge[]>
export const repoRoot: string
export function importGraph(folder: string): Graph
export function circles(graph: Graph, options?: { runtimeOnly?: boolean }): string[][]
export function groundFloor(graph: Graph): string[]
export function upwardImports(graph: Graph, options?: { runtimeOnly?: boolean }): string[]
