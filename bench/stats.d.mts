// Types for bench/stats.mjs, for __tests__/bench/stats.test.ts.
export interface Timed {
  code: number | null
  out: string
  ms: number
}
export function exec(
  cmd: string,
  args: string[],
  opts?: { env?: NodeJS.ProcessEnv; cwd?: string }
): Promise<Timed>
export function median(xs: number[]): number
export function summary(xs: number[]): { median: number; min: number; max: number; n: number }
export function fmt(xs: number[], f?: (v: number) => string, unit?: string): string
export function ratios(a: number[], b: number[]): number[]
export function ratioInterval(a: number[], b: number[], draws?: number): [number, number]
export function interleaved(runs: number, ...fns: (() => Promise<unknown>)[]): Promise<void>
export interface Row {
  target: string
  figure: number[]
  f: (v: number) => string
  pass: boolean
  ratio?: number
  interval?: [number, number]
}
export function table(rows: Row[]): string
