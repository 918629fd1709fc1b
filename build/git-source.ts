// `context: git` / `git:<subdir>`: the committed tree of HEAD (or git-ref) as a tar on the build's
// stdin, so untracked and ignored files never reach the build.
import { execFileSync, spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { InputError } from '../lib/errors.js'
import { output } from '../lib/exec.js'

export interface GitContext {
  ref: string
  subdir: string
}

export function parseGitContext(context: string, gitRef: string): GitContext | undefined {
  if (context !== 'git' && !context.startsWith('git:')) return undefined
  const subdir = context === 'git' ? '' : context.slice(4).replace(/^\/+|\/+$/g, '')
  if (subdir.split('/').includes('..'))
    throw new InputError('context', context, 'git or git:<subdirectory inside the repository>')
  if (gitRef && !/^[\w./@^~-]+$/.test(gitRef))
    throw new InputError('git-ref', gitRef, 'a commit, branch or tag name')
  return { ref: gitRef || 'HEAD', subdir }
}

/** `git archive` of the tree (or one subdirectory of it, as the archive's root). */
export function planGitArchive(g: GitContext): string[] {
  return ['archive', '--format=tar', g.subdir ? `${g.ref}:${g.subdir}` : g.ref]
}

/** The Dockerfile path for `-` (stdin) contexts: relative to the archive root. */
export function gitDockerfile(file: string, g: GitContext): string {
  if (!file) return 'Dockerfile'
  return g.subdir && file.startsWith(`${g.subdir}/`) ? file.slice(g.subdir.length + 1) : file
}

export interface GitSource {
  /** The commit archived (the ref resolved). */
  commit: string
  /** Uncommitted changes `git status` lists (they do not reach the build). */
  dirty: string[]
  /** Starts `git archive`; its stdout is the build's stdin. */
  archive(): Readable
  /** A file of the archived commit (undefined when it has none). */
  read(path: string): string | undefined
}

/** Resolves the ref (a bad one is an input error before anything runs) and reads the tree's state. */
export async function openGitSource(g: GitContext, cwd: string): Promise<GitSource> {
  const git = (...args: string[]) => output({ cmd: 'git', args, cwd })
  const commit = await git('rev-parse', '--verify', '--end-of-options', `${g.ref}^{commit}`).then(
    s => s.trim(),
    (e: Error) => {
      throw new InputError(
        'git-ref',
        g.ref,
        `a commit, branch or tag of the repository in ${cwd} (${firstLine(e)})`
      )
    }
  )
  if (g.subdir) {
    const type = await git('cat-file', '-t', `${commit}:${g.subdir}`).catch(() => '')
    if (type.trim() !== 'tree')
      throw new InputError(
        'context',
        `git:${g.subdir}`,
        `a directory committed at ${g.ref} (${commit.slice(0, 12)})`
      )
  }
  const dirty = (await git('status', '--porcelain', '--untracked-files=normal')).split('\n').filter(Boolean)
  return {
    commit,
    dirty,
    read: path => {
      try {
        return execFileSync('git', ['show', `${commit}:${path}`], {
          cwd,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore']
        })
      } catch {
        return undefined
      }
    },
    archive: () => {
      const child = spawn('git', planGitArchive({ ...g, ref: commit }), {
        cwd,
        stdio: ['ignore', 'pipe', 'inherit']
      })
      return child.stdout
    }
  }
}

const firstLine = (e: Error) =>
  e.message
    .split('\n')
    .find(l => /fatal|error/i.test(l))
    ?.trim() ?? e.message.split('\n')[0]
