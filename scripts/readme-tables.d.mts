// Types for scripts/readme-tables.mjs, for __tests__/readme.test.ts.
export interface InputRow {
  name: string
  default: string
  description: string
}
export interface OutputRow {
  name: string
  description: string
}
export interface ActionMeta {
  inputs?: Record<string, { description?: string; default?: unknown } | null>
  outputs?: Record<string, { description?: string } | null>
}
export const repoRoot: string
export const ACTION_INPUTS_MODULE: string
export function actionInputsModule(meta: ActionMeta): string
export const ACTIONS: Record<'build' | 'setup-builder' | 'prune', string>
export function rowsOf(meta: ActionMeta): { inputs: InputRow[]; outputs: OutputRow[] }
export function readAction(action: keyof typeof ACTIONS): ActionMeta
export function escapeCell(text: string): string
export function unescapeCell(cell: string): string
export function code(value: string): string
export function renderTable(kind: 'inputs' | 'outputs', rows: InputRow[] | OutputRow[]): string
export function updateReadme(readme: string, metas: Record<string, ActionMeta>): string
export function parseTable(readme: string, kind: 'inputs', action: string): InputRow[] | undefined
export function parseTable(readme: string, kind: 'outputs', action: string): OutputRow[] | undefined
