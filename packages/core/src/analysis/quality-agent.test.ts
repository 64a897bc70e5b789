import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog, StoredFrame } from '../catalog/index.js';
import { writeFits } from '../fits/index.js';
import { parseConfig } from '../config/index.js';
import { createConfiguredAgents } from '../ingest/configured-agents.js';
import { createQualityAgent } from './quality-agent.js';
import { randomStarField, renderSyntheticFrame } from './synthetic-frame.js';

describe('quality agent', () => {
  it('stores star count, HFR and FWHM (px and arcsec) for light frames only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'astro-quality-'));
    try {
      const stars = randomStarField({
        width: 256,
        height: 256,
        count: 20,
        fluxMin: 40_000,
        fluxMax: 150_000,
        seed: 4,
        marginPx: 20,
        minSeparationPx: 20,
      });
      const { data } = renderSyntheticFrame({
        width: 256,
        height: 256,
        stars,
        sigmaPx: 2,
        skyAdu: 600,
        readNoiseE: 3,
        gainEPerAdu: 1,
        seed: 4,
      });
      const path = join(dir, 'light.fits');
      await writeFile(
        path,
        writeFits([{ cards: [], image: { bitpix: 16, axes: [256, 256], data, bzero: 32768 } }]),
      );
      const agent = createQualityAgent();
      const frame = {
        path,
        frameType: 'LIGHT',
        pixelSizeUm: 3.76,
        focalLengthMm: 530,
        bayerPattern: null,
      } as unknown as StoredFrame;
      expect(agent.appliesTo?.(frame)).toBe(true);
      expect(agent.appliesTo?.({ ...frame, frameType: 'DARK' } as StoredFrame)).toBe(false);
      const output = await agent.run(frame, { catalog: {} as Catalog, options: {} });
      const fields = output?.fields ?? {};
      expect(fields.starCount).toBe(20);
      expect(
        Math.abs((fields.hfrPx as number) / (1.1774 * Math.sqrt(4 + 1 / 12)) - 1),
      ).toBeLessThan(0.02);
      expect(fields.hfrArcsec as number).toBeCloseTo((fields.hfrPx as number) * 1.4634, 2);
      expect(fields.analysisChannel).toBe('mono');
      expect(fields.hfrMethod).toBe('sampled');

      // The source-extractor method is another version, so a catalog switching re-measures.
      const se = createQualityAgent({ hfrMethod: 'source-extractor' });
      expect(se.version).not.toBe(agent.version);
      const seFields = (await se.run(frame, { catalog: {} as Catalog, options: {} }))?.fields ?? {};
      expect(seFields.hfrMethod).toBe('source-extractor');
      expect(seFields.starCount).toBe(20);
      expect(seFields.hfrPx).not.toBe(fields.hfrPx);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is configured by agents.quality: true, false or the HFR method', async () => {
    const quality = async (value: unknown) =>
      (await createConfiguredAgents(parseConfig({ agents: { quality: value } }))).agents.find(
        (agent) => agent.name === 'quality',
      );
    expect(await quality(false)).toBeUndefined();
    expect((await quality(true))?.version).toBe(createQualityAgent().version);
    expect((await quality({ hfrMethod: 'source-extractor' }))?.version).toBe(
      createQualityAgent({ hfrMethod: 'source-extractor' }).version,
    );
    expect(() => parseConfig({ agents: { quality: { hfrMethod: 'flux' } } })).toThrow(
      /agents\.quality: must be true, false or \{ "hfrMethod": "sampled" \| "source-extractor" \}/,
    );
  });
});
