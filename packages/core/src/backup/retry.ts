import { AstroError, ErrorCode, isAstroError } from '../errors/index.js';

export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  attempts?: number;
  /** First back-off delay; doubles each time, with jitter (default 500 ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Errors for which trying again cannot help; default: aborts, bad arguments, local changes. */
  isRetryable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export function defaultIsRetryable(error: unknown): boolean {
  return !(
    isAstroError(error, ErrorCode.ABORTED) ||
    isAstroError(error, ErrorCode.INVALID_ARGUMENT) ||
    isAstroError(error, ErrorCode.CHECKSUM_MISMATCH)
  );
}

/**
 * Runs `fn` until it succeeds, backing off exponentially between attempts.
 *
 * @example
 * ```ts
 * const head = await withRetry(() => target.head(key), { attempts: 3 });
 * ```
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 500;
  const isRetryable = options.isRetryable ?? defaultIsRetryable;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new AstroError(ErrorCode.ABORTED, 'operation aborted');
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error) || options.signal?.aborted) throw error;
      const delayMs =
        Math.min(options.maxDelayMs ?? 30_000, base * 2 ** (attempt - 1)) *
        (0.75 + Math.random() * 0.5);
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, options.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `worker` over `items` with at most `concurrency` at once, in order of start. */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const index = next++;
        await worker(items[index] as T, index);
      }
    },
  );
  await Promise.all(lanes);
}
