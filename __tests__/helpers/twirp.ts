// A raw twirp JSON caller for the double's results-service routes (CacheService, ArtifactService), for
// what the official clients never send (forged tokens, foreign runs, restore-key probes).

/** `(method, body, token)` → { status, body } against `${url()}/twirp/<service>/<method>`. */
export function twirpClient(url: () => string, service: string) {
  return async (method: string, body: object, token: string) => {
    const res = await fetch(`${url()}/twirp/${service}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body)
    })
    return { status: res.status, body: await res.json() }
  }
}
