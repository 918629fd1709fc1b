export interface ProxiedRequest {
  method: string
  /** Without its query. */
  path: string
  status: number
  /** The proxy answered it (a fault); otherwise the registry did. */
  injected: boolean
}
export interface RegistryProxy {
  /** `localhost:<port>`: image and cache refs through the proxy. */
  host: string
  /** Every request so far, in order of the answers. */
  requests: ProxiedRequest[]
  /** Answers the next `count` (default: every) `method path` requests (`PUT`, `/v2/e2e/x/manifests/1.0`)
   * with `status` and a registry error body instead of forwarding them. */
  fail(method: string, path: string, status: number, count?: number): void
  /** Forgets the faults and the recorded requests. */
  clear(): void
  close(): Promise<void>
}
/** A proxy on 127.0.0.1 (an ephemeral port) in front of `upstream` (E2E_REGISTRY). */
export function startRegistryProxy(upstream: string): Promise<RegistryProxy>
