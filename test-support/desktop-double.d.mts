export interface ImportedRecord {
  ref: string
  /** The build's error, for a failed build. */
  error?: string
  blobs: number
}
export function untar(buf: Buffer): Map<string, Buffer>
export function readBundle(gz: Buffer): ImportedRecord[]
export interface DesktopDouble {
  /** HOME (where buildx finds the socket) and PATH (a recording xdg-open first). */
  env: { HOME: string; PATH: string }
  imported: ImportedRecord[]
  /** The URLs buildx opened after importing. */
  opened(): string[]
  close(): Promise<void>
}
export function startDesktopDouble(): Promise<DesktopDouble>
