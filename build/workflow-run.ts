// What build-push-action derives from the workflow run, derived the same way: the repository's Git
// context (`{{defaultContext}}`), the run's URL (provenance builder-id) and whether the repository is
// private (the default provenance mode). Pure but for the event payload, read through `read`.
import { readFileSync } from 'node:fs'
import { InputError } from '../lib/errors.js'

type Env = Record<string, string | undefined>

const serverUrl = (env: Env) => env.GITHUB_SERVER_URL || 'https://github.com'

/**
 * The ref of the default Git context, as docker/actions-toolkit's Context.parseGitRef: the commit when
 * there is one, except for a pull request's ref (`refs/pull/N/merge`, or `…/head` with
 * DOCKER_DEFAULT_GIT_CONTEXT_PR_HEAD_REF=true); a bare branch name is a branch.
 */
export function parseGitRef(ref: string, sha: string, prHeadRef = false): string {
  let r = ref
  if (sha && r && !r.startsWith('refs/')) r = `refs/heads/${r}`
  if (sha && !r.startsWith('refs/pull/')) r = sha
  else if (r.startsWith('refs/pull/') && prHeadRef) r = r.replace(/\/merge$/, '/head')
  return r
}

/** `<server>/<owner>/<repo>.git#<ref>`: the repository at this run's commit, as the peer builds it. */
export function gitContext(env: Env): string {
  const ref = parseGitRef(
    env.GITHUB_REF ?? '',
    env.GITHUB_SHA ?? '',
    env.DOCKER_DEFAULT_GIT_CONTEXT_PR_HEAD_REF === 'true'
  )
  return `${serverUrl(env)}/${env.GITHUB_REPOSITORY ?? ''}.git#${ref}`
}

/**
 * `{{defaultContext}}` (the peer's handlebars template, spaces allowed inside the braces) replaced by
 * the Git context; `{{defaultContext}}:subdir` keeps its subdirectory. Any other `{{…}}` is an error
 * (the peer's handlebars would silently make it empty).
 */
export function expandDefaultContext(value: string, input: string, env: Env): string {
  if (!value.includes('{{')) return value
  const expanded = value.replace(/\{\{\s*defaultContext\s*\}\}/g, () => {
    if (!env.GITHUB_REPOSITORY)
      throw new InputError(
        input,
        value,
        '{{defaultContext}} only in a workflow run (GITHUB_REPOSITORY unset)'
      )
    return gitContext(env)
  })
  if (/\{\{.*\}\}/.test(expanded))
    throw new InputError(input, value, 'a path or URL; the one template is {{defaultContext}}')
  return expanded
}

/** The run's URL with its attempt, provenance's `builder-id` (GitHub.workflowRunURL(true)); undefined
 * outside a workflow run. */
export function workflowRunUrl(env: Env): string | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined
  return `${serverUrl(env)}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT || '1'}`
}

/** The event payload's `repository.private` (false when the payload does not say, as the peer reads it). */
export function repositoryIsPrivate(
  env: Env,
  read: (path: string) => string = p => readFileSync(p, 'utf8')
): boolean {
  if (!env.GITHUB_EVENT_PATH) return false
  try {
    return JSON.parse(read(env.GITHUB_EVENT_PATH))?.repository?.private === true
  } catch {
    return false
  }
}
