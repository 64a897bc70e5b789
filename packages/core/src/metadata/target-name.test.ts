import { describe, expect, it } from 'vitest';
import { splitTargetPanel } from './target-name.js';

describe('splitTargetPanel', () => {
  it.each([
    ['M33 Panel A', 'M33', 'A'],
    ['NGC 7000 Mosaic Panel 2', 'NGC 7000', '2'],
    ['M31_Panel_3', 'M31', '3'],
    ['  Veil Nebula panel 12  ', 'Veil Nebula', '12'],
    ['IC 1396 - Panel b', 'IC 1396', 'B'],
    ['M31Panel1', 'M31Panel1', null],
    ['Sh2-101', 'Sh2-101', null],
    ['Panel 2', 'Panel 2', null],
    ['Mopanel 2', 'Mopanel 2', null],
  ])('%s -> %s / %s', (name, target, panel) => {
    expect(splitTargetPanel(name)).toEqual({ target, panel });
  });

  it('keeps odd names intact apart from surrounding spaces', () => {
    expect(splitTargetPanel(' NGC 7000 / North America ')).toEqual({
      target: 'NGC 7000 / North America',
      panel: null,
    });
    expect(splitTargetPanel('α Lyr')).toEqual({ target: 'α Lyr', panel: null });
    expect(splitTargetPanel('织女 Panel 2')).toEqual({ target: '织女', panel: '2' });
    expect(splitTargetPanel('M 31    Andromeda')).toEqual({
      target: 'M 31 Andromeda',
      panel: null,
    });
  });
});
