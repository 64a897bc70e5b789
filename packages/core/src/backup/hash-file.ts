import { createHash } from 'node:crypto';
import type { FileHashes } from '../io/hash-file.js';

export { hashFile, type FileHashes } from '../io/hash-file.js';

/** SHA-256 and MD5 of bytes already in memory. */
export function hashBytes(bytes: Uint8Array): FileHashes {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    sizeBytes: bytes.byteLength,
  };
}

/** Converts a hex digest to the base64 form S3 headers (Content-MD5, x-amz-checksum-*) carry. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}
