import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../../../fixtures/generate-library.js';
import { Catalog } from '../catalog/index.js';
import { parseConfig } from '../config/index.js';
import { scanFolders } from '../ingest/index.js';
import { promoteCalibrationCheck } from './promote-check.js';

let dir: string;
let catalog: Catalog;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'astrocat-promote-check-'));
  generateLibrary(join(dir, 'library'));
  catalog = await Catalog.open({ path: join(dir, 'catalog.sqlite') });
  await scanFolders(catalog, [join(dir, 'library')], {
    extensions: ['.fits', '.xisf'],
    ignore: [],
    workers: 0,
  });
});
afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('promoteCalibrationCheck', () => {
  const config = parseConfig({});
  const lightsOf = (rig: string) =>
    catalog.search({ rig, frameType: 'LIGHT', nightFrom: '2024-10-04', nightTo: '2024-10-04' });

  it('passes a group whose raw darks and flats calibrate it, and names what is missing otherwise', () => {
    const check = promoteCalibrationCheck(catalog, config);
    const lights = lightsOf('SQA55@f5.3+ATR585M');
    expect(lights.length).toBeGreaterThan(0);
    const raw = catalog.search({ frameType: ['DARK', 'FLAT', 'BIAS'], rig: 'SQA55@f5.3+ATR585M' });
    expect(check(lights, raw).ok).toBe(true);

    const none = check(lights, []);
    expect(none.ok).toBe(false);
    expect(none.missing.length).toBeGreaterThan(0);
    expect(none.missing).toEqual([...none.missing].sort());
  });
});
