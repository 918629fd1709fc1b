// A stand-in for Docker Desktop's build backend, enough for `docker buildx history import`: buildx POSTs
// the .dockerbuild bundle to http://docker-desktop/upload over $HOME/.docker/desktop/docker-desktop-build.sock
// and expects the JSON list of the build refs it holds (buildx commands/history/import.go). The stand-in
// opens the bundle (gzip'd tar of an OCI layout), checks every blob against its digest, and keeps what
// each record says (ref, error) for the test. `bin` holds an `xdg-open` that records the URL buildx
// opens after the import (there is no browser here).
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/** The files of a tar (ustar): name → bytes. */
export function untar(buf) {
  const files = new Map()
  for (let off = 0; off + 512 <= buf.length;) {
    const header = buf.subarray(off, off + 512)
    if (header.every(b => b === 0)) break
    const field = (a, b) => header.subarray(a, b).toString('utf8').replace(/\0.*$/s, '')
    const prefix = field(345, 500)
    const name = (prefix ? `${prefix}/` : '') + field(0, 100)
    const size = parseInt(field(124, 136).trim() || '0', 8)
    const type = field(156, 157)
    if (type === '0' || type === '')
      files.set(name.replace(/^\.\//, ''), buf.subarray(off + 512, off + 512 + size))
    off += 512 + Math.ceil(size / 512) * 512
  }
  return files
}

/** The build records of a .dockerbuild bundle, checked: [{ ref, error, blobs }]. */
export function readBundle(gz) {
  const files = untar(gunzipSync(gz))
  const blob = d => {
    const [alg, hex] = d.split(':')
    const b = files.get(`blobs/${alg}/${hex}`)
    if (!b) throw new Error(`bundle: blob ${d} missing`)
    if (createHash('sha256').update(b).digest('hex') !== hex)
      throw new Error(`bundle: blob ${d} does not match its digest`)
    return b
  }
  const index = JSON.parse(files.get('index.json')?.toString('utf8') ?? 'null')
  if (!index?.manifests) throw new Error('bundle: no index.json')
  return index.manifests.map(m => {
    const manifest = JSON.parse(blob(m.digest).toString('utf8'))
    if (manifest.config?.mediaType !== 'application/vnd.buildkit.historyrecord.v0')
      throw new Error(`bundle: ${m.digest} is not a build record (${manifest.config?.mediaType})`)
    for (const l of manifest.layers ?? []) blob(l.digest)
    const record = JSON.parse(blob(manifest.config.digest).toString('utf8'))
    return { ref: record.Ref, error: record.error?.message, blobs: (manifest.layers ?? []).length + 1 }
  })
}

export async function startDesktopDouble() {
  const home = mkdtempSync(join(tmpdir(), 'desktop-home-'))
  const dir = join(home, '.docker', 'desktop')
  mkdirSync(dir, { recursive: true })
  const bin = join(home, 'bin')
  mkdirSync(bin)
  const opened = join(home, 'opened.txt')
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" >> '${opened}'\n`)
  chmodSync(join(bin, 'xdg-open'), 0o755)
  const imported = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/upload') {
        res.writeHead(404).end('not found')
        return
      }
      try {
        const records = readBundle(Buffer.concat(chunks))
        imported.push(...records)
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(records.map(r => r.ref)))
      } catch (e) {
        res.writeHead(400).end(String(e.message))
      }
    })
  })
  await new Promise(r => server.listen(join(dir, 'docker-desktop-build.sock'), r))
  return {
    /** Run `docker buildx history import` with HOME and PATH from here. */
    env: { HOME: home, PATH: `${bin}:${process.env.PATH}` },
    imported,
    opened: () => {
      try {
        return readFileSync(opened, 'utf8').split('\n').filter(Boolean)
      } catch {
        return []
      }
    },
    close: async () => {
      await new Promise(r => server.close(r))
      rmSync(home, { recursive: true, force: true })
    }
  }
}
