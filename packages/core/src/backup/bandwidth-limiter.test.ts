import { describe, expect, it } from 'vitest';
import { bandwidthLimiter } from './bandwidth-limiter.js';
import { withRetry } from './retry.js';

describe('bandwidth limiter', () => {
  it('holds the average rate to the limit across callers', async () => {
    const limiter = bandwidthLimiter(2_000_000);
    const started = performance.now();
    await Promise.all(
      [0, 1].map(async () => {
        for (let i = 0; i < 5; i++) await limiter.take(50_000);
      }),
    );
    const elapsedSec = (performance.now() - started) / 1000;
    // 500 kB at 2 MB/s takes at least 0.25 s (less 1 ms per wait of timer slack).
    expect(elapsedSec).toBeGreaterThanOrEqual(0.24);
    expect(elapsedSec).toBeLessThan(2);
  });

  it('is free without a limit', async () => {
    const limiter = bandwidthLimiter(undefined);
    const started = performance.now();
    for (let i = 0; i < 100; i++) await limiter.take(1e9);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('withRetry', () => {
  it('retries retryable failures and gives up on local changes', async () => {
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw new Error('flaky');
        return 'ok';
      },
      { baseDelayMs: 1 },
    );
    expect([value, calls]).toEqual(['ok', 3]);
    calls = 0;
    const { AstroError } = await import('../errors/index.js');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new AstroError('CHECKSUM_MISMATCH', 'changed');
        },
        { baseDelayMs: 1 },
      ),
    ).rejects.toThrow('changed');
    expect(calls).toBe(1);
  });
});
