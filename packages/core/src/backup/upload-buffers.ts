/**
 * Reusable part-sized buffers for uploads. Allocating a fresh 16 MiB buffer per part costs page
 * faults and garbage collections that, at a few hundred MB/s, take as much CPU as hashing.
 * A buffer goes back only after the request that sent it succeeded (the server has every byte);
 * after a failure it is dropped, since a cancelled socket write may still refer to it. Free
 * buffers are let go after a moment without uploads, so a long-lived host does not keep them.
 */
export interface UploadBuffers {
  readonly bufferBytes: number;
  /** A buffer of `bufferBytes` with stale contents. */
  acquire(): Buffer;
  /**
   * Returns the buffer under `view` (any view of an acquired buffer, also after it went to a
   * worker and back) for reuse. Only buffers from `acquire` may be released.
   */
  release(view: Uint8Array): void;
}

/**
 * @example
 * ```ts
 * const buffers = uploadBuffers(16 << 20);
 * const part = buffers.acquire();
 * // ... fill, send, then on success:
 * buffers.release(part);
 * ```
 */
export function uploadBuffers(
  bufferBytes: number,
  options: { maxFree?: number; idleMs?: number } = {},
): UploadBuffers {
  const maxFree = options.maxFree ?? 16;
  let free: ArrayBuffer[] = [];
  // Guards against a double release handing one buffer to two uploads.
  let isFree = new WeakSet<ArrayBuffer>();
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let usedSinceTimer = false;
  const dropWhenIdle = () => {
    idleTimer = null;
    if (usedSinceTimer) {
      usedSinceTimer = false;
      idleTimer = setTimeout(dropWhenIdle, options.idleMs ?? 2000);
      idleTimer.unref?.();
      return;
    }
    free = [];
    isFree = new WeakSet();
  };
  return {
    bufferBytes,
    acquire() {
      usedSinceTimer = true;
      const buffer = free.pop();
      if (buffer) {
        isFree.delete(buffer);
        return Buffer.from(buffer);
      }
      return Buffer.allocUnsafeSlow(bufferBytes);
    },
    release(view) {
      const buffer = view.buffer;
      // A buffer moved to a worker and back is a new ArrayBuffer object over the same memory.
      if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== bufferBytes) return;
      if (isFree.has(buffer) || free.length >= maxFree) return;
      isFree.add(buffer);
      free.push(buffer);
      if (!idleTimer) {
        usedSinceTimer = false;
        idleTimer = setTimeout(dropWhenIdle, options.idleMs ?? 2000);
        idleTimer.unref?.();
      }
    },
  };
}
