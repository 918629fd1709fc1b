export interface StepResult {
  action: string
  id: string
  code: number
  ok: boolean
  stdout: string
  stderr: string
  outputs: Record<string, string>
  exported: Record<string, string>
  state: Record<string, string>
  summary: string
  errors: string[]
  warnings: string[]
  masks: string[]
  /** The signals `opts.cancel` sent, in order. */
  signals: string[]
  ms: number
}
export function parseFileCommands(text: string): Record<string, string>
export function inputEnvName(name: string): string
export function workflowCommands(
  stdout: string
): { command: string; props: Record<string, string>; message: string }[]
export class Job {
  constructor(opts?: { env?: Record<string, string>; workspace?: string; event?: object })
  root: string
  temp: string
  env: Record<string, string>
  summary: string
  run(
    action: string,
    inputs?: Record<string, string | boolean | number>,
    opts?: {
      id?: string
      env?: Record<string, string>
      wrap?: string[]
      cancel?: { when: RegExp; signal?: 'SIGINT' | 'SIGTERM' }
    }
  ): Promise<StepResult>
  complete(): Promise<StepResult[]>
  dispose(): void
}
