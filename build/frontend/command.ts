// The shapes the Dockerfile parser and its helpers (heredocs, flag splitting) share: types only, so the
// helpers need not import the parser that imports them.

export interface Flag {
  /** without the leading `--` */
  name: string
  /** undefined for a bare `--flag` */
  value?: string
}

export interface Heredoc {
  delimiter: string
  /** first line of the body (1-based) */
  line: number
  /** the terminator line */
  endLine: number
  /** `<<-EOF`: leading tabs stripped */
  chomp: boolean
  /** false when the delimiter was quoted (`<<"EOF"`): no variable expansion in the body */
  expand: boolean
}

export interface Command {
  /** upper-cased, as written otherwise (unknown keywords are kept; BuildKit rejects them later) */
  keyword: string
  flags: Flag[]
  /** everything after the flags, continuation lines joined, trimmed */
  args: string
}
