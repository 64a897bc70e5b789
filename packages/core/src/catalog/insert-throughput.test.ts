import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from './catalog.js';
import { makeFrameRecord, ninaHeader, seededRandom } from './test-frames.js';

/**
 * Insert throughput with realistic ~120-card NINA headers in batches of 500, the scan's shape.
 * CATALOG_BENCH_FRAMES=100000 measures at scale; the default keeps the suite fast.
 */
const FRAMES = Number(process.env.CATALOG_BENCH_FRAMES ?? 5000);
const BATCH = 500;

describe('catalog insert throughput', () => {
  let dir: string;
  let catalog: Catalog;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'astrocat-bench-'));
    catalog = await Catalog.open({ path: join(dir, 'catalog.sqlite'), journalMode: 'wal' });
  });
  afterAll(() => {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`upserts ${FRAMES} frames with their raw headers`, () => {
    const random = seededRandom(42);
    const batches = [];
    for (let start = 0; start < FRAMES; start += BATCH) {
      const batch = [];
      for (let i = start; i < Math.min(FRAMES, start + BATCH); i++) {
        const record = makeFrameRecord({
          path: `/data/M31/LIGHT/frame_${String(i).padStart(6, '0')}.fits`,
          rawHeader: ninaHeader(i, random),
        });
        batch.push({
          record,
          file: { sizeBytes: 52_000_000 + i, mtimeMs: 1_728_000_000_000 + i },
          fingerprint: `fp${i}`,
        });
      }
      batches.push(batch);
    }
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    for (const batch of batches) catalog.upsertFrames(batch);
    const seconds = (performance.now() - started) / 1000;
    // CPU time, not wall time: CI and dev machines run other suites beside this one.
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const perSecond = Math.round(FRAMES / cpuSeconds);
    console.log(
      `catalog insert: ${FRAMES} frames x ~120 cards: ${perSecond} frames/s of CPU (${cpuSeconds.toFixed(2)} s CPU, ${seconds.toFixed(2)} s wall)`,
    );

    expect(catalog.count({ includeUnstitched: true })).toBe(FRAMES);
    // Every frame is findable by a static card, and the varying DATE-OBS pins exactly one frame.
    expect(
      catalog.count({
        includeUnstitched: true,
        header: [{ keyword: 'INSTRUME', value: 'ZWO ASI2600MM Pro' }],
      }),
    ).toBe(FRAMES);
    const first = ninaHeader(0, seededRandom(1)).find((c) => c.keyword === 'DATE-OBS')!
      .value as string;
    expect(
      catalog
        .search({ includeUnstitched: true, header: [{ keyword: 'DATE-OBS', value: first }] })
        .map((f) => f.path),
    ).toEqual(['/data/M31/LIGHT/frame_000000.fits']);
    // A floor far below the measured rate, so a loaded CI machine does not flake.
    expect(perSecond).toBeGreaterThan(1500);
  });
});
