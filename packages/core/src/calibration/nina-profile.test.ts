import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.js';
import { importProfiles } from './import-profiles.js';
import { parseNinaProfile, parseProfileName } from './nina-profile.js';
import { CalibrationStore } from './schema.js';

const PROFILES = join(import.meta.dirname, '../../../../fixtures/calibration/profiles');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('parseProfileName', () => {
  it('splits optic, focal ratio and camera', () => {
    expect(parseProfileName('C8E@f10+ZWO ASI2600MM Pro')).toEqual({
      optic: 'C8E',
      focalRatio: 10,
      camera: 'ZWO ASI2600MM Pro',
    });
    expect(parseProfileName('SQA55@f5,3+ATR585M')?.focalRatio).toBe(5.3);
  });

  it.each(['Default Profile', 'C8E+ASI2600', 'C8E@fx+ASI', '@f4+ASI', 'C8E@f4+'])(
    'rejects %s',
    (name) => {
      expect(parseProfileName(name)).toBeNull();
    },
  );
});

describe('parseNinaProfile', () => {
  it('reads id, name, focal length and the filters in wheel order', () => {
    const path = join(PROFILES, 'c8e.profile');
    const { value, diagnostics } = parseNinaProfile(readFileSync(path, 'utf8'), path);
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      profileId: '3b2f0c7e-5d1a-4c8e-9f43-2a7d6c1e0b11',
      name: 'C8E@f10+ZWO ASI2600MM Pro',
      optic: 'C8E',
      focalRatio: 10,
      camera: 'ZWO ASI2600MM Pro',
      focalLengthMm: 2032,
    });
    expect(value?.filters.map((f) => `${f.position}:${f.name}`)).toEqual([
      '0:L',
      '1:R',
      '2:G',
      '3:B',
      '4:Ha',
    ]);
  });

  it('reports malformed XML instead of throwing, and never expands entities', () => {
    const broken = parseNinaProfile('<Profile><Name>C8E@f10+ASI</Name>', 'x.profile');
    expect(broken.value).toBeNull();
    expect(broken.diagnostics[0]?.code).toBe('PROFILE_MALFORMED');
    const xml = `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "AAAAAAAAAA">]><Profile><Id>1</Id><Name>Opt&amp;ic@f4+Cam&a;</Name></Profile>`;
    const parsed = parseNinaProfile(xml, 'e.profile');
    expect(parsed.value?.optic).toBe('Opt&ic');
    expect(parsed.value?.camera).toBe('Cam&a;');
  });
});

describe('importProfiles', () => {
  it('imports a folder, reporting and skipping the profile with a malformed name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'astro-profiles-'));
    dirs.push(dir);
    for (const name of ['c8e.profile', 'sqa55.profile', 'dwarf.profile', 'default.profile'])
      copyFileSync(join(PROFILES, name), join(dir, name));
    writeFileSync(join(dir, 'notes.txt'), 'not a profile');
    const catalog = await Catalog.open({ path: ':memory:' });
    try {
      const result = await importProfiles(catalog, [dir]);
      expect(result.imported.map((p) => p.name).sort()).toEqual([
        'C8E@f10+ZWO ASI2600MM Pro',
        'DWARFIII@f4.3+DWARFIII',
        'SQA55@f5.3+ATR585M',
      ]);
      expect(result.skipped).toHaveLength(1);
      expect(result.skipped[0]?.path).toBe(join(dir, 'default.profile'));
      expect(result.skipped[0]?.reason).toContain(
        '"Default Profile" is not <optic>@f<ratio>+<camera>',
      );
      const stored = new CalibrationStore(catalog.driver).profiles();
      expect(stored.map((p) => p.name)).toEqual([
        'C8E@f10+ZWO ASI2600MM Pro',
        'DWARFIII@f4.3+DWARFIII',
        'SQA55@f5.3+ATR585M',
      ]);
      expect(stored[2]?.filters.map((f) => f.name)).toEqual(['Ha', 'OIII', 'SII']);
      // Importing again updates rather than duplicates.
      await importProfiles(catalog, [join(dir, 'c8e.profile')]);
      expect(new CalibrationStore(catalog.driver).profiles()).toHaveLength(3);
    } finally {
      catalog.close();
    }
  });
});
