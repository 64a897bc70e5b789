/**
 * Calibration matching benchmark: 20,000 light groups against 2,000 masters through the indexed
 * matcher, then the same matching as a naive all-pairs scan (every master of the type checked for
 * every group) in the same run, with the ratio. Target: indexed under 1 s.
 *
 *   npx tsx bench/calibration.ts [--groups 20000] [--masters 2000] [--runs 3]
 */
import {
  MasterIndex,
  matchLightGroups,
  parseCalibrationConfig,
  type CalibrationFrame,
  type LightGroup,
  type MasterKind,
  type MatchProperty,
} from '../packages/core/src/calibration/index.js';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const groupCount = argument('--groups', 20_000);
const masterCount = argument('--masters', 2_000);
const runs = argument('--runs', 3);

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const random = createRandom(20241005);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;

const CAMERAS = [
  'ZWO ASI2600MM Pro',
  'ATR585M',
  'QHY268M',
  'ZWO ASI533MC Pro',
  'ZWO ASI6200MM Pro',
];
const OPTICS = ['C8E', 'SQA55', 'RedCat51', 'Esprit100'];
const GAINS = [0, 100, 120, 200];
const READOUTS = ['High Gain', 'Normal'];
const EXPOSURES = [30, 60, 120, 180, 300, 600];
const FILTERS = ['L', 'R', 'G', 'B', 'Ha', 'OIII', 'SII'];
const TEMPS = [-20, -15, -10, -5, 0];
const nights = Array.from({ length: 120 }, (_, i) =>
  new Date(Date.UTC(2024, 0, 1) + i * 86_400_000 * 3).toISOString().slice(0, 10),
);

function frame(frameType: CalibrationFrame['frameType'], path: string): CalibrationFrame {
  const night = pick(nights);
  return {
    path,
    frameType,
    camera: pick(CAMERAS),
    binning: random() < 0.9 ? '1x1' : '2x2',
    gain: pick(GAINS),
    offset: 50,
    readoutMode: pick(READOUTS),
    exposureSec: pick(EXPOSURES),
    setTempC: pick(TEMPS),
    filter: pick(FILTERS),
    optic: pick(OPTICS),
    focalLengthMm: 500,
    focalRatio: 5,
    night,
    dateObsUtc: `${night}T22:00:00.000Z`,
  };
}

const kinds: CalibrationFrame['frameType'][] = ['MASTER DARK', 'MASTER FLAT', 'MASTER BIAS'];
const masters = Array.from({ length: masterCount }, (_, i) =>
  frame(kinds[i % 3] as CalibrationFrame['frameType'], `/lib/_Masters/m${i}.xisf`),
);
const groups: LightGroup[] = Array.from({ length: groupCount }, (_, i) => {
  const light = frame('LIGHT', `/lib/rig/T/g${i}/light.fits`);
  return {
    key: String(i),
    folder: `/lib/rig/T/g${i}`,
    rig: null,
    calibrationRig: null,
    reference: light,
    lights: [light],
  };
});
const config = parseCalibrationConfig({
  rules: { ...parseCalibrationConfig().rules, flatDate: { policy: 'nearest', maxDays: 30 } },
});

/** The same matcher with the index switched off: every master of the type is a candidate. */
class AllPairs extends MasterIndex {
  override candidates(
    _reference: CalibrationFrame,
    kind: MasterKind,
    _properties: readonly MatchProperty[],
  ): readonly CalibrationFrame[] {
    return this.all(kind);
  }
}

function time(
  label: string,
  build: () => MasterIndex,
  runs: number,
): { ms: number; complete: number } {
  let best = Number.POSITIVE_INFINITY;
  let complete = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const reports = matchLightGroups(groups, build(), config, { explain: 'none' });
    best = Math.min(best, performance.now() - start);
    complete = reports.filter((r) => r.complete).length;
  }
  process.stdout.write(
    `${label.padEnd(10)} ${best.toFixed(0).padStart(7)} ms (best of ${runs}, index build included)  complete groups: ${complete}\n`,
  );
  return { ms: best, complete };
}

process.stdout.write(
  `${groupCount} light groups × ${masterCount} masters (DARK, FLAT, BIAS required; Node ${process.version})\n`,
);
const indexed = time('indexed', () => new MasterIndex(masters), runs);
// One run: all-pairs takes tens of seconds and its spread does not change the ratio's order.
const naive = time('all-pairs', () => new AllPairs(masters), 1);
if (indexed.complete !== naive.complete) throw new Error('indexed and all-pairs matching disagree');
process.stdout.write(
  `ratio      ${(naive.ms / indexed.ms).toFixed(1)}× faster; target < 1000 ms: ${indexed.ms < 1000 ? 'met' : 'MISSED'}\n`,
);
