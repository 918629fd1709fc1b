// The few BuildKit Control messages the suite reads straight from an engine (engine-api.ts), decoded
// from protobuf's wire format by hand: two response types of a handful of fields each, where a protobuf
// runtime and BuildKit's generated code would add far more to the step's start-up than they save.
// Field numbers: moby/buildkit api/services/control/control.proto, api/types/worker.proto, solver/pb/ops.proto.
import { cleanVersion } from '../lib/buildx.js'

export interface Platform {
  os: string
  architecture: string
  variant: string
}

export interface Worker {
  id: string
  labels: Record<string, string>
  platforms: Platform[]
}

type Field = { no: number; varint?: bigint; bytes?: Buffer }

/** The fields of one message, in wire order (fixed32/64 skipped: none of ours use them). */
export function fields(buf: Buffer): Field[] {
  const out: Field[] = []
  let at = 0
  const varint = (): bigint => {
    let v = 0n
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= buf.length) throw new Error('protobuf: truncated varint')
      const b = buf[at++]
      v |= BigInt(b & 0x7f) << shift
      if (!(b & 0x80)) return v
    }
    throw new Error('protobuf: varint too long')
  }
  while (at < buf.length) {
    const key = varint()
    const no = Number(key >> 3n)
    const type = Number(key & 7n)
    if (type === 0) out.push({ no, varint: varint() })
    else if (type === 2) {
      const len = Number(varint())
      if (at + len > buf.length) throw new Error('protobuf: field runs past its message')
      out.push({ no, bytes: buf.subarray(at, at + len) })
      at += len
    } else if (type === 1) at += 8
    else if (type === 5) at += 4
    else throw new Error(`protobuf: wire type ${type}`)
  }
  if (at !== buf.length) throw new Error('protobuf: field runs past its message')
  return out
}

const str = (f: Field | undefined) => f?.bytes?.toString('utf8') ?? ''
const first = (fs: Field[], no: number) => fs.find(f => f.no === no && f.bytes)

/** pb.Platform: Architecture = 1, OS = 2, Variant = 3. */
function platform(buf: Buffer): Platform {
  const fs = fields(buf)
  return { architecture: str(first(fs, 1)), os: str(first(fs, 2)), variant: str(first(fs, 3)) }
}

/** WorkerRecord: ID = 1, Labels = 2 (map entries: key = 1, value = 2), platforms = 3. */
function worker(buf: Buffer): Worker {
  const fs = fields(buf)
  const labels: Record<string, string> = {}
  for (const f of fs.filter(f => f.no === 2 && f.bytes)) {
    const entry = fields(f.bytes!)
    labels[str(first(entry, 1))] = str(first(entry, 2))
  }
  return {
    id: str(first(fs, 1)),
    labels,
    platforms: fs.filter(f => f.no === 3 && f.bytes).map(f => platform(f.bytes!))
  }
}

/** ListWorkersResponse: record = 1 (repeated WorkerRecord). */
export const decodeWorkers = (buf: Buffer): Worker[] =>
  fields(buf)
    .filter(f => f.no === 1 && f.bytes)
    .map(f => worker(f.bytes!))

/** InfoResponse: buildkitVersion = 1 (BuildkitVersion: version = 2), read as parseInspect reads the
 * version buildx prints ('' for an engine built without one). */
export function decodeInfo(buf: Buffer): string {
  const version = first(fields(buf), 1)
  return version ? cleanVersion(str(first(fields(version.bytes!), 2))) : ''
}

/** containerd's platforms.Format of platforms.Normalize, as buildx lists a builder's platforms:
 * os/architecture[/variant], `unknown` for an empty OS; aliases and default variants normalised. */
export function formatPlatform(p: Platform): string {
  const os = p.os.toLowerCase() === 'macos' ? 'darwin' : p.os.toLowerCase()
  const [arch, variant] = normalizeArch(p.architecture.toLowerCase(), p.variant.toLowerCase())
  return [os || 'unknown', arch, variant].filter(Boolean).join('/')
}

/** containerd's normalizeArch. */
function normalizeArch(arch: string, variant: string): [string, string] {
  switch (arch) {
    case 'i386':
      return ['386', '']
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', variant === 'v1' ? '' : variant]
    case 'aarch64':
    case 'arm64':
      if (['8', 'v8', 'v8.0'].includes(variant)) return ['arm64', '']
      if (['9', '9.0', 'v9.0'].includes(variant)) return ['arm64', 'v9']
      return ['arm64', /^\d+\.\d+$/.test(variant) ? `v${variant}` : variant]
    case 'armhf':
      return ['arm', 'v7']
    case 'armel':
      return ['arm', 'v6']
    case 'arm':
      if (variant === '' || variant === '7') return ['arm', 'v7']
      return ['arm', ['5', '6', '8'].includes(variant) ? `v${variant}` : variant]
    default:
      return [arch, variant]
  }
}
