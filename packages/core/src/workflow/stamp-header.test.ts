import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  debianPython,
  hasPythonModule,
  requirePeer,
} from '../../../../test-support/external-tools.js';
import { applyPlan } from './apply-plan.js';
import { nodeFs } from './file-ops.js';
import { makeFakeFits } from './make-test-frame.js';
import { createPlan } from './plan.js';
import { stampHeaderCards } from './stamp-header.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-stamp-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const STAMPS = [
  { keyword: 'HFR', value: 2.31, comment: '[px] half-flux radius' },
  { keyword: 'STARS', value: 812, comment: 'star count' },
  { keyword: 'RMS', value: 0.62, comment: '[arcsec] total guiding RMS' },
];

function headerText(bytes: Buffer, blocks: number): string {
  return bytes.subarray(0, blocks * 2880).toString('latin1');
}

describe('stampHeaderCards', () => {
  it('rewrites the header blocks in place when there is room, leaving the data untouched', async () => {
    const path = join(dir, 'a.fits');
    const original = makeFakeFits(1, 3000);
    writeFileSync(path, original);
    expect(await stampHeaderCards(nodeFs, path, STAMPS)).toBe('in-place');
    const after = readFileSync(path);
    expect(after.length).toBe(original.length);
    expect(after.subarray(2880).equals(original.subarray(2880))).toBe(true);
    expect(headerText(after, 1)).toContain(
      `HFR     =                 2.31 / [px] half-flux radius`,
    );
    expect(headerText(after, 1).indexOf('RMS     =')).toBeLessThan(
      headerText(after, 1).indexOf('END     '),
    );
    expect(await stampHeaderCards(nodeFs, path, STAMPS)).toBe('unchanged');
    await stampHeaderCards(nodeFs, path, [{ keyword: 'HFR', value: 3.5 }]);
    expect(headerText(readFileSync(path), 1).match(/HFR {5}=/g)).toHaveLength(1);
  });

  it('writes a new file, verifies the data and swaps it in when the header is full', async () => {
    const path = join(dir, 'full.fits');
    const filler = Array.from({ length: 31 }, (_, i) => `COMMENT filler ${i}`);
    const original = makeFakeFits(2, 3000, filler); // 4 + 31 cards + END = 36: no room left
    writeFileSync(path, original);
    expect(await stampHeaderCards(nodeFs, path, STAMPS)).toBe('rewritten');
    const after = readFileSync(path);
    expect(after.length).toBe(original.length + 2880);
    expect(after.subarray(5760).equals(original.subarray(2880))).toBe(true);
    expect(headerText(after, 2)).toContain('STARS   =                  812');
    expect(readdirSync(dir)).toEqual(['full.fits']);
  });

  it('refuses a file that is not FITS', async () => {
    const path = join(dir, 'x.fits');
    writeFileSync(path, Buffer.alloc(2880, 0x41));
    await expect(stampHeaderCards(nodeFs, path, STAMPS)).rejects.toMatchObject({
      code: 'FITS_NOT_FITS',
    });
  });

  it('runs as a journaled stamp-header step', async () => {
    const path = join(dir, 'a.fits');
    writeFileSync(path, makeFakeFits(3, 100));
    const plan = createPlan('prepare', dir, [{ op: 'stamp-header', from: path, cards: STAMPS }]);
    const result = await applyPlan(plan, { stampHeader: stampHeaderCards });
    expect(result.counts).toEqual({ stamped: 1 });
    const skipped = await applyPlan(
      createPlan('prepare', dir, [{ op: 'stamp-header', from: path, cards: STAMPS }]),
    );
    expect(skipped.results[0]).toMatchObject({
      outcome: 'skipped',
      note: 'no header stamper configured',
    });
  });

  it.skipIf(!requirePeer('astropy', hasPythonModule('astropy')))(
    'astropy reads the stamped cards and unchanged data',
    async () => {
      const inPlace = join(dir, 'a.fits');
      const swapped = join(dir, 'b.fits');
      writeFileSync(inPlace, makeFakeFits(4, 3000));
      writeFileSync(
        swapped,
        makeFakeFits(
          4,
          3000,
          Array.from({ length: 31 }, (_, i) => `COMMENT c${i}`),
        ),
      );
      await stampHeaderCards(nodeFs, inPlace, STAMPS);
      await stampHeaderCards(nodeFs, swapped, STAMPS);
      const script = [
        'import sys, hashlib',
        'from astropy.io import fits',
        'for p in sys.argv[1:]:',
        '    with fits.open(p) as h:',
        '        hd = h[0].header',
        '        print(hd["HFR"], hd["STARS"], hd["RMS"], hashlib.sha256(h[0].data.tobytes()).hexdigest()[:16])',
      ].join('\n');
      const lines = execFileSync(debianPython, ['-c', script, inPlace, swapped], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(lines[1]);
      expect(lines[0]?.startsWith('2.31 812 0.62 ')).toBe(true);
    },
  );
});
