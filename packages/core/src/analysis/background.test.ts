import { describe, expect, it } from 'vitest';
import {
  clippedStats,
  interpolateMeshAt,
  interpolateMeshRow,
  measureBackground,
} from './background.js';
import { gaussianRandom, seededRandom } from './random.js';

describe('measureBackground', () => {
  // A gradient of g ADU/px adds (64·g)²/12 to a box's variance, so steep ones read noisier (as in SExtractor).
  it('follows a sky gradient and measures the noise, ignoring bright sources', () => {
    const width = 384;
    const height = 256;
    const normal = gaussianRandom(seededRandom(5));
    const data = new Float32Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        data[y * width + x] = 1000 + 0.05 * x + 0.03 * y + 12 * normal();
    // A block of "stars" that clipping must reject.
    for (let y = 100; y < 110; y++) for (let x = 100; x < 110; x++) data[y * width + x] = 30_000;
    const model = measureBackground({ width, height, data });
    expect([model.meshX, model.meshY]).toEqual([6, 4]);
    expect(model.noiseAdu).toBeGreaterThan(11);
    expect(model.noiseAdu).toBeLessThan(13);
    const row = new Float32Array(width);
    for (const y of [40, 128, 220]) {
      interpolateMeshRow(model, model.map, y, row);
      for (const x of [48, 200, 330]) {
        const expected = 1000 + 0.05 * x + 0.03 * y;
        expect(Math.abs((row[x] as number) - expected)).toBeLessThan(1.5);
        expect(interpolateMeshAt(model, model.map, x, y)).toBeCloseTo(row[x] as number, 3);
      }
    }
  });

  it('keeps three mesh boxes across a small frame, so a gradient is not read as noise', () => {
    const width = 64;
    const height = 48;
    const normal = gaussianRandom(seededRandom(3));
    const data = new Float32Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) data[y * width + x] = 1200 + 3 * x + 1.5 * y + 12 * normal();
    const model = measureBackground({ width, height, data });
    expect(model.meshPx).toBe(16);
    expect([model.meshX, model.meshY]).toEqual([4, 3]);
    // One 64 px box would read the 190 ADU ramp as σ ≈ 60.
    expect(model.noiseAdu).toBeLessThan(20);
  });

  it('clipped statistics return the mode and σ of a contaminated Gaussian sample', () => {
    const normal = gaussianRandom(seededRandom(9));
    const values = new Float32Array(4000);
    for (let i = 0; i < values.length; i++)
      values[i] = i % 20 === 0 ? 5000 + i : 100 + 5 * normal();
    const stats = clippedStats(values, 3);
    expect(stats.mode).toBeCloseTo(100, 0);
    expect(stats.sigma).toBeGreaterThan(4.6);
    expect(stats.sigma).toBeLessThan(5.2);
  });

  it('rejects data that does not fill the frame', () => {
    expect(() => measureBackground({ width: 10, height: 10, data: new Float32Array(50) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
