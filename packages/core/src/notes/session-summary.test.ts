import { describe, expect, it } from 'vitest';
import { isRejected, median, summarizeSessions } from './session-summary.js';
import { summarizeTargets } from './target-summary.js';
import { noteFrame, noteFrames } from './test-frames.js';

describe('summarizeSessions', () => {
  const frames = [
    ...noteFrames(10, '2024-10-05T20:00:00Z', { filter: 'Ha' }),
    ...noteFrames(6, '2024-10-06T00:00:00Z', { filter: 'OIII', exposureSec: 600 }),
    noteFrame({ path: '/data/reject/M 31/bad.fits', filter: 'Ha', hfrPx: 9 }),
    noteFrame({ path: '/data/x.fits', filter: 'Ha', fields: { rejected: true } }),
    ...noteFrames(4, '2024-10-07T20:00:00Z', {
      night: '2024-10-07',
      target: 'M 33',
      filter: 'L',
      exposureSec: 120,
    }),
    noteFrame({ frameType: 'FLAT', filter: 'Ha', exposureSec: 2, path: '/cal/f1.fits' }),
    noteFrame({ frameType: 'FLAT', filter: 'Ha', exposureSec: 2, path: '/cal/f2.fits' }),
    noteFrame({ frameType: 'FLAT', filter: 'SII', path: '/cal/f3.fits' }),
    noteFrame({
      frameType: 'MASTER DARK',
      filter: null,
      exposureSec: 300,
      path: '/cal/d.xisf',
      format: 'xisf',
    }),
    noteFrame({ frameType: 'DARK', camera: 'Other cam', path: '/cal/other.fits' }),
    noteFrame({ night: null, path: '/data/nonight.fits' }),
  ];
  const sessions = summarizeSessions(frames);

  it('groups lights by night, rig and target, newest night first', () => {
    expect(sessions.map((s) => `${s.night} ${s.target}`)).toEqual([
      '2024-10-07 M 33',
      '2024-10-05 M 31',
    ]);
  });

  it('sums accepted integration per filter and counts rejects', () => {
    const m31 = sessions[1]!;
    expect(m31.filters.map((f) => [f.filter, f.frames, f.rejected, f.integrationSec])).toEqual([
      ['Ha', 10, 2, 3000],
      ['OIII', 6, 0, 3600],
    ]);
    expect(m31.frames).toBe(16);
    expect(m31.rejected).toBe(2);
    expect(m31.integrationSec).toBe(6600);
    expect(m31.filters[0]!.exposuresSec).toEqual([300]);
  });

  it('computes medians over accepted frames only', () => {
    const m31 = sessions[1]!;
    // Ha HFRs cycle 2.0..2.4 twice; the rejected 9.0 must not count.
    expect(m31.filters[0]!.medianHfrPx).toBeCloseTo(2.2, 9);
    expect(m31.firstUtc).toBe('2024-10-05T20:00:00.000Z');
    expect(m31.site).toEqual({ latDeg: 48.1, lonDeg: 11.6, elevM: 520 });
  });

  it('lists same-night calibration for the camera, flats only for used filters', () => {
    expect(sessions[1]!.calibration).toEqual([
      { frameType: 'FLAT', filter: 'Ha', exposureSec: 2, count: 2 },
      { frameType: 'MASTER DARK', filter: null, exposureSec: 300, count: 1 },
    ]);
    expect(sessions[0]!.calibration).toEqual([]);
  });

  it('reads quality from agent fields when the record has none', () => {
    const [s] = summarizeSessions([
      noteFrame({
        hfrPx: null,
        starCount: null,
        fields: { 'quality.hfrPx': 3, fwhmPx: 4.5, starCount: 800 },
      }),
    ]);
    expect([s!.medianHfrPx, s!.medianFwhmPx, s!.medianStars]).toEqual([3, 4.5, 800]);
    expect(s!.points[0]).toMatchObject({ hfrPx: 3, fwhmPx: 4.5, starCount: 800 });
  });
});

describe('summarizeTargets', () => {
  it('rolls sessions up per target across nights', () => {
    const sessions = summarizeSessions([
      ...noteFrames(3, '2024-10-05T20:00:00Z', { filter: 'Ha' }),
      ...noteFrames(2, '2024-10-09T20:00:00Z', {
        night: '2024-10-09',
        filter: 'Ha',
        rig: 'RedCat 51@f4.9+ASI533MC',
      }),
      ...noteFrames(1, '2024-10-09T22:00:00Z', { night: '2024-10-09', filter: 'OIII' }),
    ]);
    const [m31] = summarizeTargets(sessions);
    expect(m31).toMatchObject({
      target: 'M 31',
      frames: 6,
      integrationSec: 1800,
      firstNight: '2024-10-05',
      lastNight: '2024-10-09',
    });
    expect(m31!.filters).toEqual([
      { filter: 'Ha', frames: 5, integrationSec: 1500 },
      { filter: 'OIII', frames: 1, integrationSec: 300 },
    ]);
    expect(m31!.rigs).toEqual(['Esprit 100@f5.5+ASI2600MM Pro', 'RedCat 51@f4.9+ASI533MC']);
  });
});

describe('helpers', () => {
  it('median and isRejected', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(isRejected(noteFrame({ path: 'C:\\astro\\_reject\\a.fits' }))).toBe(true);
    expect(isRejected(noteFrame({ path: '/astro/rejection-notes/a.fits' }))).toBe(false);
  });
});
