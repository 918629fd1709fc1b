// `context: git` / `git:<subdir>`: the committed tree of HEAD (or git-ref) as a tar on the build's
// stdin, so untracked and ignored files never reach the build.
import { InputError } from '../lib/errors.js'

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
