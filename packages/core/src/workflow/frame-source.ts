import { join } from 'node:path';
import type { Diagnostic, WithDiagnostics } from '../errors/index.js';
import type { FrameRecord } from '../metadata/frame-record.js';
import { nodeFs, type WorkflowFs } from './file-ops.js';

/** One image file found in a folder: its record, or why it has none. */
export interface FrameSourceEntry {
  path: string;
  sizeBytes: number;
  /** null when the file could not be read as a frame (reported, never moved). */
  frame: FrameRecord | null;
  diagnostics: Diagnostic[];
}

/**
 * Where workflow operations get frames from. The CLI binds it to the header readers or to the
 * catalog; tests feed records directly.
 */
export interface FrameSource {
  list(dir: string, signal?: AbortSignal): AsyncIterable<FrameSourceEntry>;
}

/** Reads one file's frame record (the lead binds `readFrameRecord` from `image-file`). */
export type FrameReader = (path: string) => Promise<WithDiagnostics<FrameRecord>>;

const IMAGE_FILE = /\.(fits?|fts|xisf|fits?\.fz|fz)$/i;

function isInside(dir: string, path: string): boolean {
  const prefix = dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}/`;
  return path.startsWith(prefix) || path.startsWith(prefix.replace(/\//g, '\\'));
}

/**
 * A source over records already in memory (tests, or frames taken from the catalog).
 *
 * @example
 * ```ts
 * const source = recordFrameSource([{ ...frame, sizeBytes: 1234 }]);
 * ```
 */
export function recordFrameSource(
  frames: readonly (FrameRecord & { sizeBytes: number })[],
): FrameSource {
  return {
    async *list(dir) {
      for (const { sizeBytes, ...frame } of frames) {
        if (isInside(dir, frame.path))
          yield { path: frame.path, sizeBytes, frame, diagnostics: [] };
      }
    },
  };
}

/**
 * A source that walks a folder tree (skipping dot-folders such as `.astrocat`) and reads each
 * FITS/XISF file with `read`. A file that cannot be read comes back with `frame: null`.
 *
 * @example
 * ```ts
 * const source = scanFrameSource(readFrameRecord);
 * for await (const entry of source.list('/raw')) console.log(entry.path, entry.frame?.frameType);
 * ```
 */
export function scanFrameSource(read: FrameReader, fs: WorkflowFs = nodeFs): FrameSource {
  return {
    async *list(dir, signal) {
      const pending = [dir];
      while (pending.length > 0) {
        signal?.throwIfAborted();
        const current = pending.pop() as string;
        const entries = await fs.readdir(current, { withFileTypes: true });
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
          const path = join(current, entry.name);
          if (entry.isDirectory()) {
            if (!entry.name.startsWith('.')) pending.push(path);
          } else if (entry.isFile() && IMAGE_FILE.test(entry.name)) {
            yield await readEntry(fs, read, path);
          }
        }
      }
    },
  };
}

async function readEntry(
  fs: WorkflowFs,
  read: FrameReader,
  path: string,
): Promise<FrameSourceEntry> {
  const sizeBytes = (await fs.lstat(path)).size;
  try {
    const { value, diagnostics } = await read(path);
    return { path, sizeBytes, frame: value, diagnostics };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      path,
      sizeBytes,
      frame: null,
      diagnostics: [
        { severity: 'error', code: 'WORKFLOW_UNREADABLE', message: `${path}: ${message}` },
      ],
    };
  }
}
