import type { MasterKind, MatchProperty } from './calibration-config.js';
import type { CalibrationFrame } from './calibration-frame.js';

/** A master that passed every rule for a requirement. */
export interface Candidate {
  master: CalibrationFrame;
  scaled: boolean;
}

const DAY_MS = 86_400_000;

// Sorting parses each master's date many times; 20,000 groups make that the hot spot.
const timeCache = new WeakMap<CalibrationFrame, number>();

/** When a frame was taken, in ms: DATE-OBS, else the middle of its observing night; NaN if unknown. */
export function frameTimeMs(frame: CalibrationFrame): number {
  let ms = timeCache.get(frame);
  if (ms === undefined) {
    if (frame.dateObsUtc !== null) ms = Date.parse(frame.dateObsUtc);
    else
      ms = frame.night === null ? Number.NaN : Date.parse(`${frame.night}T12:00:00Z`) + DAY_MS / 2;
    timeCache.set(frame, ms);
  }
  return ms;
}

function distance(a: number | null, b: number | null): number {
  if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b))
    return Number.POSITIVE_INFINITY;
  return Math.abs(a - b);
}

/** Orders qualified masters best first: unscaled, closest temperature, closest time, newest, path. */
export function compareCandidates(a: Candidate, b: Candidate, reference: CalibrationFrame): number {
  if (a.scaled !== b.scaled) return a.scaled ? 1 : -1;
  if (a.scaled) {
    // Of two shorter darks the longer one needs the smaller scale factor.
    const byExposure = (b.master.exposureSec ?? 0) - (a.master.exposureSec ?? 0);
    if (byExposure !== 0) return byExposure;
  }
  const byTemp =
    distance(a.master.setTempC, reference.setTempC) -
    distance(b.master.setTempC, reference.setTempC);
  if (byTemp !== 0 && !Number.isNaN(byTemp)) return byTemp;
  const refMs = frameTimeMs(reference);
  const byTime = distance(frameTimeMs(a.master), refMs) - distance(frameTimeMs(b.master), refMs);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  const byNewest = (frameTimeMs(b.master) || 0) - (frameTimeMs(a.master) || 0);
  if (byNewest !== 0 && !Number.isNaN(byNewest)) return byNewest;
  return a.master.path < b.master.path ? -1 : a.master.path > b.master.path ? 1 : 0;
}

/** Why `chosen` beat `other`, in the order the tie-breaks are applied. */
export function decidingCriterion(
  chosen: Candidate,
  other: Candidate,
  reference: CalibrationFrame,
): string {
  if (chosen.scaled !== other.scaled) return 'needs dark scaling; an exact-exposure dark exists';
  if (chosen.scaled && chosen.master.exposureSec !== other.master.exposureSec)
    return `shorter (${other.master.exposureSec} s) than the chosen ${chosen.master.exposureSec} s dark`;
  const tempA = distance(chosen.master.setTempC, reference.setTempC);
  const tempB = distance(other.master.setTempC, reference.setTempC);
  if (tempA !== tempB)
    return `set temp ${other.master.setTempC ?? '?'} °C is further from ${reference.setTempC} °C`;
  const refMs = frameTimeMs(reference);
  const timeA = distance(frameTimeMs(chosen.master), refMs);
  const timeB = distance(frameTimeMs(other.master), refMs);
  if (timeA !== timeB) {
    const days = Number.isFinite(timeB)
      ? `${Math.round((timeB / DAY_MS) * 10) / 10} days`
      : 'an unknown time';
    return `taken further in time from the lights (${days})`;
  }
  if (frameTimeMs(chosen.master) !== frameTimeMs(other.master)) return 'older';
  return 'equal in every respect; chosen by path order';
}

const SHOWN: Partial<Record<MatchProperty, (f: CalibrationFrame) => string | null>> = {
  exposure: (f) => (f.exposureSec === null ? null : `exposure ${f.exposureSec} s`),
  setTemp: (f) => (f.setTempC === null ? null : `set temp ${f.setTempC} °C`),
  gain: (f) => (f.gain === null ? null : `gain ${f.gain}`),
  offset: (f) => (f.offset === null ? null : `offset ${f.offset}`),
  readoutMode: (f) => (f.readoutMode === null ? null : `readout ${f.readoutMode}`),
  filter: (f) => (f.filter === null ? null : `filter ${f.filter}`),
  night: (f) => (f.night === null ? null : `night ${f.night}`),
  focalLength: (f) => (f.focalLengthMm === null ? null : `focal length ${f.focalLengthMm} mm`),
};

/** The `reason` of a chosen master: what it matched on, and how it won over the others. */
export function describeMatch(
  best: Candidate,
  reference: CalibrationFrame,
  kind: MasterKind,
  properties: readonly MatchProperty[],
  others: number,
): string {
  const facts = properties
    .map((p) => SHOWN[p]?.(best.master) ?? null)
    .filter((s): s is string => s !== null);
  if (best.master.binning !== null) facts.push(`bin ${best.master.binning}`);
  let reason = `matches ${facts.join(', ')}`;
  if (best.scaled)
    reason = `scaled ${best.master.exposureSec} s dark for ${reference.exposureSec} s lights (dark scaling; bias required); ${reason}`;
  if (kind === 'DARKFLAT') reason += ` (the flat's exposure ${reference.exposureSec} s)`;
  if (others > 0) reason += `; best of ${others + 1} (closest temperature, then time, then newest)`;
  return reason;
}
