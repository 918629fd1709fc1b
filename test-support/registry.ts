// Reading the local OCI registry over its HTTP API (what a pull would see).
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(',')

/** `localhost:5555/a/b:tag` → HEAD/GET of its manifest. */
export async function manifest(
  ref: string
): Promise<{ status: number; digest: string; mediaType: string; body: Record<string, unknown> | undefined }> {
  const m = /^([^/]+)\/(.+):([^:/]+)$/.exec(ref)
  if (!m) throw new Error(`not a host/repo:tag reference: ${ref}`)
  const [, host, repo, tag] = m
  const res = await fetch(`http://${host.replace(/^localhost/, '127.0.0.1')}/v2/${repo}/manifests/${tag}`, {
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
