import { describe, expect, it } from 'vitest';
import { measureFrame } from './measure-frame.js';
import { midtoneTransfer, stretchPreview } from './stretch-preview.js';
import { renderSyntheticFrame } from './synthetic-frame.js';

describe('stretchPreview', () => {
  const stars = [
    { x: 100, y: 40, flux: 200_000 },
    { x: 300, y: 200, flux: 80_000 },
  ];

  it('puts the sky near the target level, stars bright, and flips FITS rows to picture rows', () => {
    const { data } = renderSyntheticFrame({
      width: 400,
      height: 240,
      stars,
      sigmaPx: 2,
      skyAdu: 1000,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 2,
    });
    const preview = stretchPreview({ width: 400, height: 240, data }, { maxSize: 200 });
    expect([preview.width, preview.height]).toEqual([200, 120]);
    const grey = (x: number, y: number): number =>
      preview.rgba[(y * preview.width + x) * 4] as number;
    const sky: number[] = [];
    for (let y = 0; y < preview.height; y += 7)
      for (let x = 0; x < preview.width; x += 7) sky.push(grey(x, y));
    sky.sort((a, b) => a - b);
    expect(sky[sky.length >> 1]).toBeGreaterThan(0.2 * 255);
    expect(sky[sky.length >> 1]).toBeLessThan(0.3 * 255);
    // FITS (100, 40) → preview (50, 20) → picture row 119 − 20.
    expect(grey(50, 99)).toBeGreaterThan(240);
    expect(preview.rgba[3]).toBe(255);
  });

  it('debayers colour frames with a neutral background and draws star overlays', () => {
    const width = 256;
    const { data } = renderSyntheticFrame({
      width,
      height: width,
      stars: [{ x: 128, y: 128, flux: 100_000 }],
      sigmaPx: 3,
      skyAdu: 800,
      readNoiseE: 3,
      gainEPerAdu: 1,
      seed: 3,
    });
    for (let y = 0; y < width; y++)
      for (let x = 0; x < width; x++)
        if (x % 2 === 0 && y % 2 === 0)
          data[y * width + x] = Math.round((data[y * width + x] as number) * 0.4);
    const measured = measureFrame(
      { width, height: width, data },
      { bayerPattern: 'RGGB', keepStars: true },
    );
    const preview = stretchPreview(
      { width, height: width, data },
      { bayerPattern: 'RGGB', overlayStars: measured.stars, maxSize: 128 },
    );
    expect(preview.width).toBe(128);
    const at = (x: number, y: number) => [
      ...preview.rgba.subarray((y * 128 + x) * 4, (y * 128 + x) * 4 + 3),
    ];
    const [r, g, b] = at(10, 10) as [number, number, number];
    expect(Math.abs(r - g)).toBeLessThan(25);
    expect(Math.abs(b - g)).toBeLessThan(25);
    const overlay = Array.from({ length: 128 }, (_, x) => at(x, 64)).filter(
      ([red, green, blue]) => green! > 200 && red! < 100 && blue! < 100,
    );
    expect(overlay.length).toBeGreaterThanOrEqual(2);
  });

  it('midtone transfer maps m to one half and keeps the ends', () => {
    expect(midtoneTransfer(0.1, 0.1)).toBeCloseTo(0.5, 10);
    expect(midtoneTransfer(0.1, 0)).toBe(0);
    expect(midtoneTransfer(0.1, 1)).toBe(1);
  });
});
