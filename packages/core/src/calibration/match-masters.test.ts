import { describe, expect, it } from 'vitest';
import { parseCalibrationConfig } from './calibration-config.js';
import { groupLights, type CalibrationFrame } from './calibration-frame.js';
import { calibrationCheck, calibrationStatus } from './calibration-status.js';
import { MasterIndex } from './master-index.js';
import { matchLightGroups, type GroupReport } from './match-masters.js';

const base: CalibrationFrame = {
  path: '/lib/rig/M51/2024-10-05/L_120/light_0001.fits',
  frameType: 'LIGHT',
  camera: 'ZWO ASI2600MM Pro',
  binning: '1x1',
  gain: 100,
  offset: 50,
  readoutMode: 'High Gain',
  exposureSec: 120,
  setTempC: -10,
  filter: 'L',
  optic: 'C8E',
  focalLengthMm: 2032,
  focalRatio: 10,
  night: '2024-10-05',
  dateObsUtc: '2024-10-05T20:00:00.000Z',
};

function master(
  name: string,
  type: CalibrationFrame['frameType'],
  over: Partial<CalibrationFrame> = {},
): CalibrationFrame {
  const kind = type.replace('MASTER ', '');
  const defaults: Partial<CalibrationFrame> =
    kind === 'FLAT'
      ? { exposureSec: 1.5 }
      : kind === 'BIAS'
        ? { exposureSec: 0, filter: null }
        : { filter: null };
  return {
    ...base,
    path: `/lib/_Masters/C8E+ZWO ASI2600MM Pro/${kind}/${name}.xisf`,
    frameType: type,
    dateObsUtc: '2024-10-05T05:00:00.000Z',
    ...defaults,
    ...over,
  };
}

function match(
  lights: CalibrationFrame[],
  masters: CalibrationFrame[],
  config = {},
): GroupReport[] {
  return matchLightGroups(
    groupLights(lights),
    new MasterIndex(masters),
    parseCalibrationConfig(config),
    { explain: 'all' },
  );
}

function requirement(report: GroupReport | undefined, kind: string) {
  const found = report?.requirements.find((r) => r.kind === kind);
  if (!found) throw new Error(`no ${kind} requirement`);
  return found;
}

describe('matchLightGroups', () => {
  const good = [
    master('dark', 'MASTER DARK'),
    master('flat', 'MASTER FLAT'),
    master('bias', 'MASTER BIAS'),
  ];

  it('chooses one master per required kind and explains it', () => {
    const [report] = match([base], good);
    expect(report?.complete).toBe(true);
    expect(report?.requirements.map((r) => [r.kind, r.chosen?.path.split('/').pop()])).toEqual([
      ['DARK', 'dark.xisf'],
      ['FLAT', 'flat.xisf'],
      ['BIAS', 'bias.xisf'],
    ]);
    expect(requirement(report, 'DARK').chosen?.reason).toBe(
      'matches exposure 120 s, set temp -10 °C, gain 100, offset 50, readout High Gain, bin 1x1',
    );
  });

  it('rejects each near-miss with its reason and reports the exact properties wanted', () => {
    const [report] = match(
      [base],
      [
        master('warm', 'MASTER DARK', { setTempC: -8 }),
        master('gain', 'MASTER DARK', { gain: 0 }),
        master('readout', 'MASTER DARK', { readoutMode: 'Low Noise' }),
        master('nogain', 'MASTER DARK', { gain: null }),
        master('exp', 'MASTER DARK', { exposureSec: 120.1 }),
        master('bin', 'MASTER DARK', { binning: '2x2' }),
        master('old-flat', 'MASTER FLAT', { night: '2024-10-04' }),
        master('bias', 'MASTER BIAS'),
      ],
    );
    expect(report?.complete).toBe(false);
    const dark = requirement(report, 'DARK');
    expect(dark.chosen).toBeNull();
    expect(dark.missing?.properties).toEqual({
      type: 'MASTER DARK',
      binning: '1x1',
      exposureSec: '120 ±0.05 s',
      setTempC: '-10 ±1 °C',
      camera: 'ZWO ASI2600MM Pro',
      gain: 100,
      offset: 50,
      readoutMode: 'High Gain',
    });
    const why = Object.fromEntries(
      dark.nearMisses.map((m) => [m.path.split('/').pop(), m.reasons]),
    );
    expect(why).toEqual({
      'warm.xisf': ['set temp -8 °C is 2 °C warmer than -10 °C (±1)'],
      'gain.xisf': ['gain 0 ≠ 100'],
      'readout.xisf': ['readout mode Low Noise ≠ High Gain'],
      'nogain.xisf': ['lacks gain'],
      'exp.xisf': ['exposure 120.1 s ≠ 120 s (±0.05)'],
      'bin.xisf': ['binning 2x2 ≠ 1x1'],
    });
    const flat = requirement(report, 'FLAT');
    expect(flat.nearMisses[0]?.reasons).toEqual([
      'night 2024-10-04 is not the light’s night 2024-10-05',
    ]);
    expect(flat.missing?.properties.night).toBe('2024-10-05');
  });

  it('accepts within tolerance and per-rig overrides widen it', () => {
    const masters = [master('cool', 'MASTER DARK', { setTempC: -10.8, exposureSec: 120.04 })];
    expect(requirement(match([base], masters)[0], 'DARK').chosen).not.toBeNull();
    const warm = [master('warm', 'MASTER DARK', { setTempC: -8 })];
    expect(requirement(match([base], warm)[0], 'DARK').chosen).toBeNull();
    const wide = { rigs: { 'C8E+ZWO ASI2600MM Pro': { tolerances: { setTempC: 2 } } } };
    expect(requirement(match([base], warm, wide)[0], 'DARK').chosen?.path).toContain('warm');
  });

  it('picks deterministically: closest temperature, then time, then newest; lists runners-up', () => {
    const masters = [
      master('b-far-temp', 'MASTER DARK', { setTempC: -10.5 }),
      master('c-late', 'MASTER DARK', { dateObsUtc: '2024-12-01T05:00:00.000Z' }),
      master('a-near', 'MASTER DARK', { dateObsUtc: '2024-10-06T12:00:00.000Z' }),
      master('d-same', 'MASTER DARK', { dateObsUtc: '2024-10-05T08:00:00.000Z' }),
      master('e-same-newer', 'MASTER DARK', { dateObsUtc: '2024-10-06T08:00:00.000Z' }),
    ];
    const forward = requirement(match([base], masters)[0], 'DARK');
    const backward = requirement(match([base], [...masters].reverse())[0], 'DARK');
    expect(forward.chosen?.path).toContain('e-same-newer');
    expect(backward.chosen?.path).toBe(forward.chosen?.path);
    expect(forward.runnersUp.map((r) => [r.path.split('/').pop(), r.reasons[0]])).toEqual([
      ['d-same.xisf', 'older'],
      ['a-near.xisf', 'taken further in time from the lights (0.7 days)'],
      ['c-late.xisf', 'taken further in time from the lights (56.4 days)'],
      ['b-far-temp.xisf', 'set temp -10.5 °C is further from -10 °C'],
    ]);
    expect(forward.chosen?.reason).toContain('best of 5');
  });

  it('applies the flat date policies', () => {
    const flats = [
      master('f03', 'MASTER FLAT', { night: '2024-10-03' }),
      master('f07', 'MASTER FLAT', { night: '2024-10-07' }),
    ];
    const pick = (flatDate: object) =>
      requirement(match([base], flats, { rules: { ...defaults(), flatDate } })[0], 'FLAT')
        .chosen?.path.split('/')
        .pop() ?? null;
    expect(pick({ policy: 'same-night', maxDays: 0 })).toBeNull();
    expect(pick({ policy: 'nearest', maxDays: 1 })).toBeNull();
    expect(pick({ policy: 'nearest', maxDays: 2 })).toBe('f03.xisf');
    expect(pick({ policy: 'newest-before', maxDays: 5 })).toBe('f03.xisf');
    const later = [master('f07', 'MASTER FLAT', { night: '2024-10-07' })];
    expect(
      requirement(
        match([base], later, {
          rules: { ...defaults(), flatDate: { policy: 'newest-before', maxDays: 5 } },
        })[0],
        'FLAT',
      ).nearMisses[0]?.reasons,
    ).toEqual(['night 2024-10-07 is after the light’s night 2024-10-05']);
  });

  it('scales a shorter dark only when enabled, and then requires a bias', () => {
    const masters = [
      master('d60', 'MASTER DARK', { exposureSec: 60 }),
      master('d30', 'MASTER DARK', { exposureSec: 30 }),
      master('flat', 'MASTER FLAT'),
    ];
    const strict = match([base], masters, {
      rules: { ...defaults(), require: ['DARK', 'FLAT'] },
    })[0];
    expect(requirement(strict, 'DARK').chosen).toBeNull();
    expect(strict?.requirements.map((r) => r.kind)).toEqual(['DARK', 'FLAT']);
    const scaled = match([base], masters, {
      rules: { ...defaults(), require: ['DARK', 'FLAT'], darkScaling: true },
    })[0];
    const dark = requirement(scaled, 'DARK');
    expect(dark.chosen?.path).toContain('d60');
    expect(dark.chosen?.scaled).toBe(true);
    expect(dark.runnersUp[0]?.reasons[0]).toBe('shorter (30 s) than the chosen 60 s dark');
    expect(requirement(scaled, 'BIAS').chosen).toBeNull();
    expect(scaled?.complete).toBe(false);
  });

  it('matches flat-darks to the chosen flat’s exposure', () => {
    const masters = [
      ...good,
      master('fd-15', 'MASTER DARKFLAT', { exposureSec: 1.5 }),
      master('short-dark-2', 'MASTER DARK', { exposureSec: 2 }),
    ];
    const [report] = match([base], masters, { rules: { ...defaults(), flatDarks: true } });
    const fd = requirement(report, 'DARKFLAT');
    expect(fd.chosen?.path).toContain('fd-15');
    expect(fd.chosen?.reason).toContain("the flat's exposure 1.5 s");
    const [noFd] = match(
      [base],
      [...good, master('short-dark-2', 'MASTER DARK', { exposureSec: 2 })],
      { rules: { ...defaults(), flatDarks: true } },
    );
    expect(requirement(noFd, 'DARKFLAT').missing?.properties.exposureSec).toBe('1.5 ±0.05 s');
  });

  it('lets a property the light lacks not constrain, but a master lacking one abstains', () => {
    const light = { ...base, readoutMode: null };
    const [report] = match(
      [light],
      [master('other-readout', 'MASTER DARK', { readoutMode: 'Low Noise' })],
    );
    expect(requirement(report, 'DARK').chosen).not.toBeNull();
  });

  it('groups lights by folder and properties', () => {
    const lights = [
      base,
      { ...base, path: base.path.replace('0001', '0002'), dateObsUtc: '2024-10-05T19:00:00.000Z' },
      { ...base, path: base.path.replace('0001', '0003'), gain: 0 },
    ];
    const groups = groupLights(lights);
    expect(groups.map((g) => g.lights.length).sort()).toEqual([1, 2]);
    expect(groups.find((g) => g.lights.length === 2)?.reference.dateObsUtc).toBe(
      '2024-10-05T19:00:00.000Z',
    );
  });
});

describe('calibrationStatus and calibrationCheck', () => {
  it('answers complete or the missing kinds with their properties', () => {
    const config = parseCalibrationConfig();
    const statusOf = calibrationStatus(
      [master('dark', 'MASTER DARK'), master('bias', 'MASTER BIAS')],
      config,
    );
    const status = statusOf(groupLights([base])[0]!);
    expect(status.status).toBe('missing');
    expect(status.status === 'missing' && status.missing.map((m) => m.kind)).toEqual(['FLAT']);
    const check = calibrationCheck(
      [master('dark', 'MASTER DARK'), master('bias', 'MASTER BIAS')],
      config,
    );
    const light = { ...base } as Parameters<typeof check>[0][number];
    expect(check([light], [])).toMatchObject({ ok: false, missing: ['FLAT'] });
    const flat = { ...master('flat', 'MASTER FLAT') } as Parameters<typeof check>[1][number];
    expect(check([light], [flat]).ok).toBe(true);
  });
});

function defaults() {
  return parseCalibrationConfig().rules;
}
