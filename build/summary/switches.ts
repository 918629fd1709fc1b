// The four switches build-push-action users set in the job's env, read as the peer documents them:
//   DOCKER_BUILD_SUMMARY              bool, default true: the job summary (and with it the build record)
//   DOCKER_BUILD_RECORD_UPLOAD        bool, default true: the build record uploaded as an artifact
//   DOCKER_BUILD_RECORD_RETENTION_DAYS  number: the artifact's retention; unset or 0: the repository's
//   DOCKER_BUILD_CHECKS_ANNOTATIONS   bool, default true: build-check warnings as annotations
// Booleans take Go's strconv.ParseBool spellings (1 t T true TRUE True / 0 f F false FALSE False), as
// the peer's Util.parseBool; an empty value is unset. Where the peer fails the step on a value it cannot
// read (after the build), this warns, naming the variable, and keeps the default.

export interface Switches {
  summary: boolean
  recordUpload: boolean
  /** undefined: the repository's retention. */
  retentionDays?: number
  checksAnnotations: boolean
  /** What could not be read, one message each (the caller warns). */
  problems: string[]
}

const TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True']
/** Whether `v` is one of Go's true spellings (a switch set to true, not merely unset). */
export const isTrue = (v: string | undefined): boolean => TRUE.includes(v ?? '')
const FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False']

export function readSwitches(env: NodeJS.ProcessEnv): Switches {
  const problems: string[] = []
  const bool = (name: string): boolean => {
    const v = env[name]
    if (!v) return true
    if (TRUE.includes(v)) return true
    if (FALSE.includes(v)) return false
    problems.push(`${name}=${v} is not a boolean (true or false); using true`)
    return true
  }
  let retentionDays: number | undefined
  const days = env.DOCKER_BUILD_RECORD_RETENTION_DAYS
  if (days) {
    // parseInt as the peer: "7d" is 7.
    const n = parseInt(days, 10)
    if (Number.isNaN(n) || n < 0)
      problems.push(
        `DOCKER_BUILD_RECORD_RETENTION_DAYS=${days} is not a number of days; using the repository's retention`
      )
    else if (n > 0) retentionDays = n
  }
  return {
    summary: bool('DOCKER_BUILD_SUMMARY'),
    recordUpload: bool('DOCKER_BUILD_RECORD_UPLOAD'),
    retentionDays,
    checksAnnotations: bool('DOCKER_BUILD_CHECKS_ANNOTATIONS'),
    problems
  }
}
