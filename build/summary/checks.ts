// Build checks (BuildKit's Dockerfile linter) as annotations on the Dockerfile's lines, as
// build-push-action makes them: `::warning title=<detail>,file=<Dockerfile>,line=<n>::<rule: message>`.
// Pure; the Dockerfile's text comes through the caller.
//
// Where the warnings come from, first found wins:
//  - `buildx.build.warnings` in the metadata file (buildx >= 0.15 with BUILDX_METADATA_WARNINGS=true):
//    `short` and `detail` base64, `sourceInfo.data` the Dockerfile's text in base64, `range` the lines;
//  - `result.json` in the metadata of a `call: check` run: plain text, rule, detail and location;
//  - the lines buildx prints after a build (` - Rule: message (line N)` under "N warnings found"), which
//    older buildx (0.13) prints for a newer BuildKit's checks without putting them in the metadata.

export interface CheckWarning {
  message: string
  title?: string
  line?: number
  /** The file BuildKit checked, when it says (its name and its text in base64). */
  source?: { filename: string; data?: string }
}

export interface Annotation {
  message: string
  title?: string
  file: string
  line?: number
}

const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8')
const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined

interface VertexWarning {
  short?: string
  detail?: string[]
  url?: string
  sourceInfo?: { filename?: string; data?: string }
  range?: { start?: { line?: number } }[]
}

interface CheckResult {
  ruleName?: string
  description?: string
  url?: string
  detail?: string
  location?: { ranges?: { start?: { line?: number } }[] }
}

export function metadataWarnings(metadata: Record<string, unknown>): CheckWarning[] {
  const vertex = metadata['buildx.build.warnings']
  if (Array.isArray(vertex) && vertex.length)
    return (
      (vertex as VertexWarning[])
        // The peer skips a warning without detail or short, or without its source.
        .filter(w => w.short && w.detail && w.sourceInfo?.filename && w.sourceInfo?.data)
        .map(w => ({
          message: b64(w.short!).replace(/\s\(line \d+\)$/, '') + (w.url ? `\nMore info: ${w.url}` : ''),
          title: w.detail!.map(b64).join(' '),
          line: w.range?.[0]?.start?.line,
          source: { filename: w.sourceInfo!.filename!, data: w.sourceInfo!.data }
        }))
    )
  let result: unknown = metadata['result.json']
  if (typeof result === 'string')
    try {
      result = JSON.parse(result)
    } catch {
      result = undefined
    }
  const checks = record(result)?.warnings
  if (!Array.isArray(checks)) return []
  return (checks as CheckResult[])
    .filter(c => c.ruleName && c.detail)
    .map(c => ({
      message: `${c.ruleName}: ${c.detail}` + (c.url ? `\nMore info: ${c.url}` : ''),
      title: c.description,
      line: c.location?.ranges?.[0]?.start?.line
    }))
}

// buildx colours the header: `\e[33m2 warnings found (use docker --debug to expand):\n\e[0m - Rule: …`.
const ANSI = /\x1b\[[0-9;]*m/g // eslint-disable-line no-control-regex
const HEADER = /^\s*\d+ warnings? found\b/
const ITEM = /^ - ([A-Za-z][\w-]*): (.*?)(?: \(line (\d+)\))?$/

export function printedWarnings(lines: string[]): CheckWarning[] {
  const out: CheckWarning[] = []
  let open = false
  for (const raw of lines) {
    const line = raw.replace(ANSI, '')
    if (HEADER.test(line)) {
      open = true
      continue
    }
    const m = open ? ITEM.exec(line) : null
    if (m) out.push({ message: `${m[1]}: ${m[2]}`, line: m[3] ? Number(m[3]) : undefined })
    else open = false
  }
  return out
}

export interface Dockerfile {
  /** Relative to the workspace (the repository's root), as annotations name files. */
  path: string
  /** Its text, when it could be read. */
  text?: string
}

/**
 * The warnings about this build's Dockerfile, as annotations, in line order (BuildKit reports them in
 * no fixed order); one without a line last. A warning that names its source must be about this file
 * (the name ends the path and the text is the same, as the peer checks): a frontend may report on files
 * of its own.
 */
export function checkAnnotations(warnings: CheckWarning[], dockerfile: Dockerfile): Annotation[] {
  const data = dockerfile.text === undefined ? undefined : Buffer.from(dockerfile.text).toString('base64')
  return warnings
    .filter(w => !w.source || (dockerfile.path.endsWith(w.source.filename) && w.source.data === data))
    .map(w => ({ message: w.message, title: w.title, file: dockerfile.path, line: w.line }))
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))
}
