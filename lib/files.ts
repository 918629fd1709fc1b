// The file door: every file the actions write under RUNNER_TEMP or the workspace, every file they read
// on a user's say-so, every folder they remove. Checked-out code is untrusted (pull_request_target,
// self-hosted runners keep files between jobs), so a planted symlink or a folder named in a step's state
// must not make the suite write or delete anything but its own.
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path'
import { InputError } from './errors.js'

const { O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY, O_RDONLY, O_NONBLOCK } = constants

function writeFd(path: string, flags: number, content: string | Uint8Array, mode = 0o600): void {
  const fd = openSync(path, flags, mode)
  try {
    writeStream(fd, content)
  } finally {
    closeSync(fd)
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4))

/** All of `content` to an open descriptor (a file, or the step's stdout), in order. Once anything opens
 * process.stdout (a library of the Actions toolkit) its pipe is non-blocking: a full one (EAGAIN) is
 * waited out a millisecond at a time. */
export function writeStream(fd: number, content: string | Uint8Array): void {
  let rest =
    typeof content === 'string'
      ? Buffer.from(content, 'utf8')
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e
      Atomics.wait(pause, 0, 0, 1)
    }
  }
}

/** Writes a new file: created here or not at all (O_EXCL), never through a link (O_NOFOLLOW), mode
 * 0600. An existing file or link at `path` is an error, and it is left as it was. */
export function writeNew(path: string, content: string | Uint8Array, mode = 0o600): void {
  writeFd(path, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY, content, mode)
}

/** Appends to a file the runner gave the step (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, the job
 * summary), made when missing as @actions/core does; a link there is not followed (ELOOP). */
export function appendTo(path: string, content: string): void {
  writeFd(path, O_APPEND | O_CREAT | O_NOFOLLOW | O_WRONLY, content)
}

/** Writes to a file that must exist and is not a link (a kernel interface such as binfmt_misc's
 * register file): nothing is created. */
export function writeExisting(path: string, content: string): void {
  writeFd(path, O_NOFOLLOW | O_WRONLY, content)
}

/** A new folder of the step's own (0700, a fresh random name) in `parent`: mkdtemp creates it or fails. */
export const makeTempDir = (parent: string, prefix: string): string => mkdtempSync(join(parent, prefix))

/** A folder shared by the steps of a job (RUNNER_TEMP/buildx-cache): made when missing, and then it
 * must be a real folder of this user's, not a link planted there. */
export function sharedDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  checkOwnDir(path)
  return path
}

/** Makes `name` (one plain name) a new folder (0700) in `dir`, a folder the step made or owns; an
 * existing folder, file or link there is an error (EEXIST), and nothing is written through it. */
export function makeDirIn(dir: string, name: string): string {
  checkOwnDir(dir)
  const path = join(dir, plainName(name))
  mkdirSync(path, { mode: 0o700 })
  return path
}

/** Moves `from` to `name` in `dir` (a folder the step made): rename replaces a link there, never
 * writes through it. */
export function moveInto(from: string, dir: string, name: string): string {
  checkOwnDir(dir)
  const path = join(dir, plainName(name))
  renameSync(from, path)
  return path
}

function plainName(name: string): string {
  if (!name || name === '.' || name === '..' || name.includes('/'))
    throw new Error(`refusing the name ${JSON.stringify(name)}: not one plain name`)
  return name
}

/** Makes a new folder of this step's own (0700): `path` must not exist; its parent may be made. */
export function makeOwnDir(path: string): string {
  mkdirSync(dirname(path), { recursive: true })
  mkdirSync(path, { mode: 0o700 })
  return path
}

/** A folder the step made: a real folder (not a link to one), owned by this user. */
function checkOwnDir(dir: string): void {
  const st = lstatSync(dir)
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder this step made (a link or a file is there)`)
  if (process.getuid && st.uid !== process.getuid()) throw new Error(`${dir} is not this user's folder`)
}

/**
 * Writes `name` (a relative path without `..`; its folders made 0700 on the way) as a new file in `dir`,
 * a folder the step made. No link is followed, at any level.
 */
export function writeInto(dir: string, name: string, content: string | Uint8Array): string {
  const parts = name.split('/')
  if (isAbsolute(name) || parts.some(p => p === '' || p === '.' || p === '..'))
    throw new Error(`refusing to write ${JSON.stringify(name)}: not a plain relative path`)
  checkOwnDir(dir)
  let at = dir
  for (const p of parts.slice(0, -1)) {
    at = join(at, p)
    try {
      mkdirSync(at, { mode: 0o700 })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    checkOwnDir(at)
  }
  const path = join(at, parts[parts.length - 1])
  writeNew(path, content)
  return path
}

/**
 * Removes `path` and everything in it, when it is a real folder directly in `root` whose name `name`
 * accepts (both resolved, so neither `..` nor a link leads elsewhere). Returns why not otherwise, and
 * removes nothing then.
 */
export function removeOwnDir(path: string, root: string, name: RegExp): string | undefined {
  let real: string
  let realRoot: string
  try {
    const st = lstatSync(path)
    if (!st.isDirectory()) return `${path} is not a folder (a link or a file is there)`
    real = realpathSync(path)
    realRoot = realpathSync(root)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : (e as Error).message
  }
  const rel = relative(realRoot, real)
  if (dirname(real) !== realRoot || rel.includes(sep) || !name.test(basename(real)))
    return `${path} is not a folder this step makes in ${root}`
  rmSync(real, { recursive: true, force: true })
  return undefined
}

export const MiB = 1024 * 1024

/**
 * A file a user named, read whole when it is a regular file of at most `max` bytes; otherwise one
 * InputError naming the input (a device such as /dev/zero, a FIFO, a folder, a file too large).
 * `what` names the file in the message ("a readable <what>").
 */
export function readCapped(path: string, inputName: string, max = MiB, what = 'file'): string {
  const fail = (why: string) => new InputError(inputName, path, why)
  let fd: number
  try {
    fd = openSync(path, O_RDONLY | O_NONBLOCK)
  } catch (e) {
    throw fail(`a readable ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw fail(`a regular ${what} (not a device, a pipe or a folder)`)
    if (st.size > max) throw fail(`a ${what} of at most ${max} bytes (it has ${st.size})`)
    // The size read above can grow while reading: read at most max + 1 bytes.
    const buf = Buffer.alloc(Math.min(max + 1, Math.max(st.size, 0) + 1))
    let n = 0
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null)
    if (n > max) throw fail(`a ${what} of at most ${max} bytes`)
    return buf.subarray(0, n).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/** `n` bytes from the kernel's random source (lib/ids.ts), opened read-only. */
export function urandom(n: number): Buffer {
  const b = Buffer.alloc(n)
  const fd = openSync('/dev/urandom', O_RDONLY)
  try {
    for (let r = 0; r < n;) r += readSync(fd, b, r, n - r, null)
  } finally {
    closeSync(fd)
  }
  return b
}

/** Far above any Dockerfile written by hand or generated; a device or a runaway file stops here. */
export const DOCKERFILE_MAX = 4 * MiB

/** A Dockerfile of a local context, read for a check (policy, the pinned frontend, cache mounts):
 * undefined when there is none; a device, a pipe, a folder or a file over DOCKERFILE_MAX fails in one
 * line naming the input `file`. */
export const readDockerfile = (path: string): string | undefined =>
  existsSync(path) ? readCapped(path, 'file', DOCKERFILE_MAX, 'Dockerfile') : undefined

/** A small file the suite reads for facts (buildx's store, docker contexts): its text, or undefined
 * when it cannot be read, is not a regular file or is over 1 MiB — the caller then asks the tool itself. */
export function readOrUndefined(path: string): string | undefined {
  try {
    return readCapped(path, 'file', MiB)
  } catch {
    return undefined
  }
}
