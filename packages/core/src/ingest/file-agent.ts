import { stat } from 'node:fs/promises';
import { AstroError, ErrorCode } from '../errors/index.js';
import { hashFile } from '../io/index.js';
import type { Agent } from './agent.js';

/**
 * The file agent's checksum stage: content hashes, computed after the header record is already
 * searchable so a large library is usable long before it is fully hashed. A file that changed
 * while being hashed fails the run (and is retried), so a hash never describes bytes that are
 * no longer there.
 */
export function createFileAgent(): Agent {
  return {
    name: 'file',
    async run(frame, { signal }) {
      const before = await stat(frame.path);
      const hashes = await hashFile(frame.path, signal ? { signal } : {});
      const after = await stat(frame.path);
      if (
        before.size !== after.size ||
        before.mtimeMs !== after.mtimeMs ||
        hashes.sizeBytes !== after.size
      ) {
        throw new AstroError(ErrorCode.IO_ERROR, `file changed while hashing: ${frame.path}`);
      }
      const file = { sizeBytes: after.size, mtimeMs: Math.trunc(after.mtimeMs) };
      return {
        apply: (catalog) =>
          catalog.setHashes(frame.id, { sha256: hashes.sha256, md5: hashes.md5 }, file),
      };
    },
  };
}
