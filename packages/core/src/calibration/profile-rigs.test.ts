import { describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/index.js';
import { rigsWithProfiles } from './profile-rigs.js';
import { CalibrationStore } from './schema.js';

describe('rigsWithProfiles', () => {
  it('adds imported NINA profiles after the configured rigs', async () => {
    const catalog = await Catalog.open({ path: ':memory:' });
    new CalibrationStore(catalog.driver).saveProfiles([
      {
        profileId: 'p1',
        name: 'SQA55@f5.3+ATR585M',
        optic: 'SQA55',
        focalRatio: 5.3,
        camera: 'ATR585M',
        focalLengthMm: 264,
        filters: [],
        sourcePath: '/p/sqa.profile',
      },
    ]);
    const configured = [{ name: 'Newt', optic: 'Newt', camera: 'ATR585M' }];
    expect(rigsWithProfiles(configured, catalog)).toEqual([
      { name: 'Newt', optic: 'Newt', camera: 'ATR585M' },
      { name: 'SQA55@f5.3+ATR585M', optic: 'SQA55', camera: 'ATR585M' },
    ]);
    catalog.close();
  });
});
