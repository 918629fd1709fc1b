// A cache mount's archive (a tar the builder wrote), checked before it goes anywhere: its entries are
// read from the headers (tar-stream, never extracted here) and the first one that could land outside
// the mount refuses the whole archive. Reading is streaming; the check itself is pure.
import { createReadStream } from 'node:fs'
import { createHash } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { extract, type Header } from 'tar-stream'

export interface ArchiveEntry {
  name: string
  type: Header['type']
  /** A symlink's target, a hard link's member name. */
  linkname?: string
  size: number
}

export interface ArchiveFacts {
  entries: number
  /** The files' bytes (before compression). */
  bytes: number
  /** The contents' sha256: every entry's header (times of files only) and data. */
  sha256: string
  /** Why the archive is refused, or undefined. */
  problem?: string
}

/** `./a/b/` → `a/b`; `.` and `./` → ''. */
const memberPath = (name: string) =>
  name
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '')

/**
 * Why an entry could write or point outside the mount, or undefined: an absolute name, a `..`
 * component, a link target outside the tree (a symlink's resolved through the archive's own symlinks,
 * as the extracting tar would follow them), an entry below a symlink (tar would write through it), or
 * something that is not a file, directory or link (a device, a fifo).
 */
export function archiveProblem(entries: ArchiveEntry[]): string | undefined {
  const symlinks = new Map<string, string>()
  for (const e of entries) {
    const shown = JSON.stringify(e.name)
    if (e.name.startsWith('/')) return `${shown} is an absolute path`
    const path = memberPath(e.name)
    const parts = path.split('/').filter(Boolean)
    if (parts.includes('..')) return `${shown} has a .. component`
    if (!['file', 'contiguous-file', 'directory', 'symlink', 'link'].includes(e.type))
      return `${shown} is a ${e.type}, not a file, directory or link`
    for (let i = 1; i < parts.length; i++)
      if (symlinks.has(parts.slice(0, i).join('/')))
        return `${shown} lies below the symlink ${parts.slice(0, i).join('/')}`
    if (e.type === 'link') {
      const target = e.linkname ?? ''
      const to = memberPath(target).split('/')
      if (target.startsWith('/') || to.includes('..') || !to[0])
        return `${shown} is a hard link to ${JSON.stringify(target)}, outside the mount`
      for (let i = 1; i < to.length; i++)
        if (symlinks.has(to.slice(0, i).join('/')))
          return `${shown} is a hard link through the symlink ${to.slice(0, i).join('/')}`
    }
    if (e.type === 'symlink') {
      const target = e.linkname ?? ''
      if (target.startsWith('/'))
        return `${shown} is a symlink to the absolute path ${JSON.stringify(target)}`
      symlinks.set(path, target)
    }
  }
  for (const [path, target] of symlinks)
    if (resolve(path, target, symlinks) === undefined)
      return `${JSON.stringify(path)} is a symlink to ${JSON.stringify(target)}, which points out of the mount`
  return undefined
}

/** Where a symlink at `path` leads inside the tree (components from the root), or undefined when it
 * leaves it (or loops): the archive's other symlinks are followed as the kernel would. */
function resolve(path: string, target: string, symlinks: Map<string, string>): string[] | undefined {
  let hops = 0
  const walk = (base: string[], rest: string[]): string[] | undefined => {
    const at = [...base]
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i]
      if (c === '' || c === '.') continue
      if (c === '..') {
        if (!at.length) return undefined
        at.pop()
        continue
      }
      at.push(c)
      const link = symlinks.get(at.join('/'))
      if (link === undefined) continue
      if (++hops > 40 || link.startsWith('/')) return undefined
      const to = walk(at.slice(0, -1), link.split('/'))
      if (!to) return undefined
      at.splice(0, at.length, ...to)
    }
    return at
  }
  return walk(path.split('/').slice(0, -1), target.split('/'))
}

/** The archive's entries checked (archiveProblem), counted and hashed, in one streaming read. */
export async function readArchive(file: string): Promise<ArchiveFacts> {
  const entries: ArchiveEntry[] = []
  const hash = createHash('sha256')
  const reader = extract()
  reader.on('entry', (h, stream, next) => {
    entries.push({ name: h.name, type: h.type, linkname: h.linkname ?? undefined, size: h.size ?? 0 })
    // Only a file's time: unpacking changes a directory's time, and tar does not set a symlink's.
    const mtime = h.type === 'file' || h.type === 'contiguous-file' ? (h.mtime?.getTime() ?? 0) : 0
    hash.update(JSON.stringify([h.name, h.type, h.mode, h.uid, h.gid, h.linkname, h.size, mtime]))
    stream.on('data', (chunk: unknown) => {
      hash.update(chunk as Buffer)
    })
    stream.on('end', () => next())
  })
  await pipeline(createReadStream(file), reader)
  return {
    entries: entries.length,
    bytes: entries.reduce((n, e) => n + (e.type === 'file' || e.type === 'contiguous-file' ? e.size : 0), 0),
    sha256: hash.digest('hex'),
    problem: archiveProblem(entries)
  }
}
