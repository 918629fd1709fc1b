// Reading the local OCI registry over its HTTP API (what a pull would see).
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(',')

const base = (host: string) => `http://${host.replace(/^localhost/, '127.0.0.1')}/v2`

/** `localhost:5555/a/b:tag` or `localhost:5555/a/b@sha256:…` → GET of its manifest. */
export async function manifest(
  ref: string
): Promise<{ status: number; digest: string; mediaType: string; body: Record<string, unknown> | undefined }> {
  const m = /^([^/]+)\/(.+?)(?::([^:/@]+)|@(sha256:[0-9a-f]{64}))$/.exec(ref)
  if (!m) throw new Error(`not a host/repo:tag or host/repo@digest reference: ${ref}`)
  const [, host, repo, tag, digest] = m
  const res = await fetch(`${base(host)}/${repo}/manifests/${tag ?? digest}`, {
    headers: { Accept: ACCEPT }
  })
  const text = await res.text()
  return {
    status: res.status,
    digest: res.headers.get('docker-content-digest') ?? '',
    mediaType: res.headers.get('content-type') ?? '',
    body: res.ok ? JSON.parse(text) : undefined
  }
}

/** `localhost:5555/a/b` → its tags (none for a repository pushed to by digest only). */
export async function tags(repository: string): Promise<string[]> {
  const slash = repository.indexOf('/')
  const res = await fetch(`${base(repository.slice(0, slash))}/${repository.slice(slash + 1)}/tags/list`)
  if (res.status === 404) return []
  if (!res.ok) throw new Error(`tags of ${repository}: HTTP ${res.status}`)
  return ((await res.json()) as { tags?: string[] | null }).tags ?? []
}

/** `localhost:5555/a/b` and a digest → the blob, as JSON (an image config). */
export async function blobJson(repository: string, digest: string): Promise<Record<string, unknown>> {
  const slash = repository.indexOf('/')
  const res = await fetch(
    `${base(repository.slice(0, slash))}/${repository.slice(slash + 1)}/blobs/${digest}`
  )
  if (!res.ok) throw new Error(`blob ${digest} of ${repository}: HTTP ${res.status}`)
  return (await res.json()) as Record<string, unknown>
}
