import { createHash } from 'node:crypto';

// XISF names (and their spec-listed alternates) mapped to node:crypto hash names.
const HASH_NAMES = new Map<string, string>(
  Object.entries({
    'sha-1': 'sha1',
    sha1: 'sha1',
    'sha-256': 'sha256',
    sha256: 'sha256',
    'sha-512': 'sha512',
    sha512: 'sha512',
    'sha3-256': 'sha3-256',
    'sha3-512': 'sha3-512',
  }),
);

/** True when we can verify checksums made with this XISF algorithm name. */
export function isSupportedChecksum(algorithm: string): boolean {
  return HASH_NAMES.get(algorithm.toLowerCase()) !== undefined;
}

/**
 * Lowercase hex digest of a stored data block (the compressed bytes when it is compressed, as
 * the spec requires), or `undefined` for an algorithm we do not know.
 *
 * @example
 * ```ts
 * digestBlock('sha-256', stored) === image.checksum.digest;
 * ```
 */
export function digestBlock(algorithm: string, bytes: Uint8Array): string | undefined {
  const name = HASH_NAMES.get(algorithm.toLowerCase());
  if (name === undefined) return undefined;
  return createHash(name).update(bytes).digest('hex');
}
