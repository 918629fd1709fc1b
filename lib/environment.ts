/** The insecure entitlements BuildKit knows: setup-builder grants them (none by default), build's
 * `allow` may ask only for granted ones. */
export const ENTITLEMENTS = ['network.host', 'security.insecure'] as const
export type Entitlement = (typeof ENTITLEMENTS)[number]

// Environment variables setup-builder exports for the later steps of the job (build and prune read them).
export const EXPORTS = {
  /** buildx itself reads it: the builder for every later buildx call. */
  builder: 'BUILDX_BUILDER',
  /** The pinned frontend (ref@sha256:…), empty when pinning is off. */
  syntax: 'BUILD_SUITE_SYNTAX',
  /** Newline-separated allowed-syntax patterns, applied when pinning is off. */
  allowedSyntax: 'BUILD_SUITE_ALLOWED_SYNTAX',
  /** Comma-separated insecure entitlements granted. */
  entitlements: 'BUILD_SUITE_ENTITLEMENTS',
  /** The builder set up, as JSON {builder, driver, platforms}: a matrix leg on it need not inspect it. */
  builderFacts: 'BUILD_SUITE_BUILDER_FACTS'
} as const
