// Digests and registry hosts that the tests of several modules spell the same way.
export const d = (c: string) => `sha256:${c.repeat(64)}`
export const SHA = d('a')
export const SHA_B = d('b')
export const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
