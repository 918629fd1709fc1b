export const CHROMIUM: string
export function summaryHtml(markdown: string): string
export interface RenderedBar {
  /** The bar's classes as mermaid sets them: `task task0` (ran), `task done0`, `task crit0`, `task active0`. */
  class: string
  /** The task id (s1, s2, …). */
  id: string
  width: number
}
export interface RenderedChart {
  rendered: boolean
  /** What mermaid drew or threw instead of the chart. */
  error?: string
  bars: RenderedBar[]
  labels: string[]
  sections: string[]
  ticks: string[]
}
export function renderSummary(
  markdown: string,
  opts?: { screenshot?: string }
): Promise<{ charts: RenderedChart[]; text: string; consoleErrors: string[] }>
