import { sleep } from './retry.js';

/** Shared by concurrent transfers so their sum stays under the limit. */
export interface BandwidthLimiter {
  /** Waits until `bytes` more may pass. */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A limiter that keeps the average rate since creation at or below `bytesPerSec`
 * (no limit when it is undefined or not positive).
 *
 * @example
 * ```ts
 * const limit = bandwidthLimiter(20e6); // 20 MB/s
 * for await (const chunk of stream) { await limit.take(chunk.length); hash.update(chunk); }
 * ```
 */
export function bandwidthLimiter(
  bytesPerSec: number | undefined,
  now: () => number = () => performance.now(),
): BandwidthLimiter {
  if (!bytesPerSec || bytesPerSec <= 0) return { take: async () => {} };
  const started = now();
  let granted = 0;
  return {
    async take(bytes, signal) {
      granted += bytes;
      const dueMs = (granted / bytesPerSec) * 1000 - (now() - started);
      if (dueMs > 1) await sleep(dueMs, signal);
    },
  };
}
