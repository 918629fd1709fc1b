// Parsing what buildx prints about itself and its builders.
import semver from 'semver'

/** `github.com/docker/buildx v0.29.1 a1b2c3` or Debian's `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3`. */
export function parseBuildxVersion(out: string): string {
  const m = /buildx\s+v?(\d+\.\d+\.\d+)/.exec(out)
  if (!m) throw new Error(`cannot read the buildx version from: ${out.trim().slice(0, 200)}`)
  return m[1]
}

export interface BuilderNode {
  name: string
  endpoint: string
  status: string
  /** BuildKit's version as reported; '' when the engine was built without one (v0.0.0+unknown). */
  buildkitVersion: string
  platforms: string[]
  labels: Record<string, string>
}

export interface BuilderInfo {
  name: string
  driver: string
  nodes: BuilderNode[]
}

/** `docker buildx inspect` text output (stable since 0.10; there is no JSON form in 0.13). */
export function parseInspect(out: string): BuilderInfo {
  const info: BuilderInfo = { name: '', driver: '', nodes: [] }
  let node: BuilderNode | undefined
  let inLabels = false
  for (const raw of out.split('\n')) {
    const line = raw.replace(/\s+$/, '')
    if (inLabels && /^\s+\S/.test(line) && node) {
      const m = /^\s+([^:]+):\s*(.*)$/.exec(line)
      if (m) node.labels[m[1].trim()] = m[2].trim()
      continue
    }
    inLabels = false
    const m = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line)
    if (!m) continue
    const [, key, value] = m
    if (key === 'Name' && node === undefined && info.name === '') info.name = value
    else if (key === 'Driver' && node === undefined) info.driver = value
    else if (key === 'Name') {
      node = { name: value, endpoint: '', status: '', buildkitVersion: '', platforms: [], labels: {} }
      info.nodes.push(node)
    } else if (node) {
      if (key === 'Endpoint') node.endpoint = value
      else if (key === 'Status') node.status = value
      else if (key === 'BuildKit version' || key === 'Buildkit') node.buildkitVersion = cleanVersion(value)
      else if (key === 'Platforms')
        node.platforms = value
          .split(',')
          .map(p => p.trim())
          .filter(Boolean)
      else if (key === 'Labels') inLabels = true
    }
  }
  if (!info.name || !info.driver)
    throw new Error(`cannot read builder details from: ${out.trim().slice(0, 200)}`)
  return info
}

function cleanVersion(v: string): string {
  const s = semver.coerce(v)?.version ?? ''
  return s === '0.0.0' ? '' : s
}

/** Platforms a builder reports, without the amd64 micro-architecture levels (v2..v4) buildx lists. */
export function mainPlatforms(nodes: BuilderNode[]): string[] {
  const all = nodes.flatMap(n => n.platforms).filter(p => !/^linux\/amd64\/v[234]$/.test(p))
  return [...new Set(all)]
}
