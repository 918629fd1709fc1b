// `context: git` / `git:<subdir>`: the committed tree of HEAD (or git-ref) as a tar on the build's
// stdin, so untracked and ignored files never reach the build.
import { execFileSync, spawn } from 'node:child_process'
import { InputError } from '../lib/errors.js'
import { output } from '../lib/exec.js'
import type { GitContext, GitSource } from './model.js'

/** `git archive` of the tree (or one subdirectory of it, as the archive's root). */
export function planGitArchive(g: GitContext): string[] {
  return ['archive', '--format=tar', g.subdir ? `${g.ref}:${g.subdir}` : g.ref]
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
