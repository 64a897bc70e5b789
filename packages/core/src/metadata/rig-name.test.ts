import { describe, expect, it } from 'vitest';
import { calibrationRigName, formatFocalRatio, rigName } from './rig-name.js';

describe('rigName', () => {
  it('builds <optic>@f<ratio>+<camera> with NINA-style ratios', () => {
    expect(rigName({ optic: 'C8E', focalRatio: 10, camera: 'ZWO ASI2600MM Pro' })).toBe(
      'C8E@f10+ZWO ASI2600MM Pro',
    );
    expect(rigName({ optic: 'Esprit 100', focalRatio: 5.5, camera: 'ASI294MM' })).toBe(
      'Esprit 100@f5.5+ASI294MM',
    );
    expect(rigName({ optic: 'RASA 8', focalRatio: 2.0, camera: 'ASI2600MC' })).toBe(
      'RASA 8@f2+ASI2600MC',
    );
    expect(formatFocalRatio(5.3)).toBe('5.3');
    expect(formatFocalRatio(4.3333)).toBe('4.3');
    expect(formatFocalRatio(10.01)).toBe('10');
  });

  it('returns null unless optic, ratio and camera are all known', () => {
    expect(rigName({ optic: null, focalRatio: 10, camera: 'X' })).toBeNull();
    expect(rigName({ optic: 'C8E', focalRatio: null, camera: 'X' })).toBeNull();
    expect(rigName({ optic: 'C8E', focalRatio: 10, camera: '   ' })).toBeNull();
    expect(rigName({ optic: 'C8E', focalRatio: 0, camera: 'X' })).toBeNull();
  });

  it('makes names safe as folder names', () => {
    expect(rigName({ optic: 'EQMOD HEQ5/6', focalRatio: 5, camera: 'Apogee USB/Net' })).toBe(
      'EQMOD HEQ5-6@f5+Apogee USB-Net',
    );
  });
});

describe('calibrationRigName', () => {
  it('drops the focal ratio', () => {
    expect(calibrationRigName({ optic: 'C8E', camera: 'ZWO ASI2600MM Pro' })).toBe(
      'C8E+ZWO ASI2600MM Pro',
    );
    expect(calibrationRigName({ optic: 'C8E', camera: null })).toBeNull();
  });
});
