// Digests and registry hosts that the tests of several modules spell the same way.
export const d = (c: string) => `sha256:${c.repeat(64)}`
export const SHA = d('a')
export const SHA_B = d('b')
export const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'

/** A summary as it reads: the summary door (lib/summary-doc.ts) writes characters such as `@` as entities. */
export const summaryText = (md: string) =>
  md.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
