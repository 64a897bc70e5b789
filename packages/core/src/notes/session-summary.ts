import type { FrameRecord, FrameType } from '../metadata/frame-record.js';

/** A catalog frame as notes need it: the record plus agent fields (catalog `StoredFrame` fits). */
export type NoteFrame = FrameRecord & {
  fields?: Readonly<Record<string, string | number | boolean | null>>;
};

export interface FilterSummary {
  filter: string | null;
  /** Accepted light frames. */
  frames: number;
  rejected: number;
  integrationSec: number;
  exposuresSec: number[];
  gains: number[];
  medianHfrPx: number | null;
  medianFwhmPx: number | null;
  medianStars: number | null;
}

export interface CalibrationSummary {
  frameType: FrameType;
  filter: string | null;
  exposureSec: number | null;
  count: number;
}

/** One imaging session: night × rig × target, from its light frames. */
export interface ImagingSession {
  /** Stable identity, `night|rig|target`, also written to the note as `astrocat_id`. */
  key: string;
  night: string;
  rig: string | null;
  target: string | null;
  panels: string[];
  camera: string | null;
  optic: string | null;
  filters: FilterSummary[];
  frames: number;
  rejected: number;
  integrationSec: number;
  gain: number | null;
  offset: number | null;
  setTempC: number | null;
  medianHfrPx: number | null;
  medianFwhmPx: number | null;
  medianStars: number | null;
  firstUtc: string | null;
  lastUtc: string | null;
  midUtc: string | null;
  site: { latDeg: number; lonDeg: number; elevM: number | null } | null;
  raDeg: number | null;
  decDeg: number | null;
  /** Calibration frames of the same night and camera (flats: of a filter the session used). */
  calibration: CalibrationSummary[];
  /** Per accepted frame, for the night's plot. */
  points: Array<{
    timeUtc: string;
    hfrPx?: number;
    fwhmPx?: number;
    starCount?: number;
    backgroundAdu?: number;
    rmsArcsec?: number;
  }>;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function mode<T>(values: readonly T[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount) [best, bestCount] = [v, c];
  return best;
}

/** A numeric agent field, by exact name or as the last part of a dotted name (`quality.fwhmPx`). */
export function fieldNumber(frame: NoteFrame, name: string): number | null {
  const fields = frame.fields ?? {};
  const direct = fields[name];
  if (typeof direct === 'number' && Number.isFinite(direct)) return direct;
  for (const [k, v] of Object.entries(fields))
    if (k.endsWith(`.${name}`) && typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
}

/**
 * A frame counts as rejected when an agent or the cull marked it (`rejected: true`, `cull: 'rejected'`)
 * or it sits in a reject tree (a path folder named `reject`, `rejected` or `_reject`).
 */
export function isRejected(frame: NoteFrame): boolean {
  const f = frame.fields ?? {};
  if (f['rejected'] === true || f['cull'] === 'rejected' || f['grading'] === 'rejected')
    return true;
  return frame.path.split(/[\\/]/).some((seg) => /^_?rejec?t(ed)?$/i.test(seg));
}

const uniqueSorted = (values: Array<number | null>): number[] =>
  [...new Set(values.filter((v): v is number => v !== null))].sort((a, b) => a - b);

/** Session key for a light frame, or null when it has no night. */
export function sessionKey(frame: Pick<FrameRecord, 'night' | 'rig' | 'target'>): string | null {
  return frame.night ? `${frame.night}|${frame.rig ?? ''}|${frame.target ?? ''}` : null;
}

function summarizeFilter(filter: string | null, frames: NoteFrame[]): FilterSummary {
  const accepted = frames.filter((f) => !isRejected(f));
  const num = (f: NoteFrame, name: 'hfrPx' | 'starCount'): number | null =>
    f[name] ?? fieldNumber(f, name);
  return {
    filter,
    frames: accepted.length,
    rejected: frames.length - accepted.length,
    integrationSec: accepted.reduce((s, f) => s + (f.exposureSec ?? 0), 0),
    exposuresSec: uniqueSorted(accepted.map((f) => f.exposureSec)),
    gains: uniqueSorted(accepted.map((f) => f.gain)),
    medianHfrPx: median(
      accepted.map((f) => num(f, 'hfrPx')).filter((v): v is number => v !== null),
    ),
    medianFwhmPx: median(
      accepted.map((f) => fieldNumber(f, 'fwhmPx')).filter((v): v is number => v !== null),
    ),
    medianStars: median(
      accepted.map((f) => num(f, 'starCount')).filter((v): v is number => v !== null),
    ),
  };
}

const byNullableText = (a: string | null, b: string | null): number =>
  (a ?? '').localeCompare(b ?? '');

function summarizeSession(
  key: string,
  lights: NoteFrame[],
  calibrationFrames: NoteFrame[],
): ImagingSession {
  const first = lights[0] as NoteFrame;
  const byFilter = new Map<string | null, NoteFrame[]>();
  for (const f of lights) {
    const list = byFilter.get(f.filter);
    if (list) list.push(f);
    else byFilter.set(f.filter, [f]);
  }
  const filters = [...byFilter]
    .map(([filter, frames]) => summarizeFilter(filter, frames))
    .sort((a, b) => byNullableText(a.filter, b.filter));
  const accepted = lights.filter((f) => !isRejected(f));
  const pick = <T>(get: (f: NoteFrame) => T | null): T | null =>
    mode(accepted.map(get).filter((v): v is T => v !== null));
  const times = accepted
    .map((f) => f.dateObsUtc)
    .filter((t): t is string => t !== null)
    .sort();
  const midMs = median(times.map((t) => Date.parse(t)));
  const sited = accepted.find((f) => f.siteLatDeg !== null && f.siteLonDeg !== null);
  const camera = pick((f) => f.camera);
  const usedFilters = new Set(filters.map((s) => s.filter));
  const calib = new Map<string, CalibrationSummary>();
  for (const c of calibrationFrames) {
    if (c.night !== first.night || (camera !== null && c.camera !== null && c.camera !== camera))
      continue;
    if (c.frameType.includes('FLAT') && !c.frameType.includes('DARK') && !usedFilters.has(c.filter))
      continue;
    const k = `${c.frameType}|${c.filter ?? ''}|${c.exposureSec ?? ''}`;
    const entry = calib.get(k) ?? {
      frameType: c.frameType,
      filter: c.filter,
      exposureSec: c.exposureSec,
      count: 0,
    };
    entry.count++;
    calib.set(k, entry);
  }
  const median1 = (get: (f: NoteFrame) => number | null): number | null =>
    median(accepted.map(get).filter((v): v is number => v !== null));
  return {
    key,
    night: first.night as string,
    rig: first.rig,
    target: first.target,
    panels: [...new Set(lights.map((f) => f.panel).filter((p): p is string => p !== null))].sort(),
    camera,
    optic: pick((f) => f.optic),
    filters,
    frames: accepted.length,
    rejected: lights.length - accepted.length,
    integrationSec: filters.reduce((s, f) => s + f.integrationSec, 0),
    gain: pick((f) => f.gain),
    offset: pick((f) => f.offset),
    setTempC: pick((f) => f.setTempC),
    medianHfrPx: median1((f) => f.hfrPx ?? fieldNumber(f, 'hfrPx')),
    medianFwhmPx: median1((f) => fieldNumber(f, 'fwhmPx')),
    medianStars: median1((f) => f.starCount ?? fieldNumber(f, 'starCount')),
    firstUtc: times[0] ?? null,
    lastUtc: times[times.length - 1] ?? null,
    midUtc: midMs === null ? null : new Date(midMs).toISOString(),
    site: sited
      ? {
          latDeg: sited.siteLatDeg as number,
          lonDeg: sited.siteLonDeg as number,
          elevM: sited.siteElevM,
        }
      : null,
    raDeg: median1((f) => f.raDeg),
    decDeg: median1((f) => f.decDeg),
    calibration: [...calib.values()].sort(
      (a, b) =>
        a.frameType.localeCompare(b.frameType) ||
        byNullableText(a.filter, b.filter) ||
        (a.exposureSec ?? 0) - (b.exposureSec ?? 0),
    ),
    points: accepted
      .filter((f) => f.dateObsUtc !== null)
      .sort((a, b) => (a.dateObsUtc as string).localeCompare(b.dateObsUtc as string))
      .map((f) => {
        const point: ImagingSession['points'][number] = { timeUtc: f.dateObsUtc as string };
        const hfr = f.hfrPx ?? fieldNumber(f, 'hfrPx');
        const fwhm = fieldNumber(f, 'fwhmPx');
        const stars = f.starCount ?? fieldNumber(f, 'starCount');
        const bg = fieldNumber(f, 'backgroundAdu');
        if (hfr !== null) point.hfrPx = hfr;
        if (fwhm !== null) point.fwhmPx = fwhm;
        if (stars !== null) point.starCount = stars;
        if (bg !== null) point.backgroundAdu = bg;
        if (f.rmsArcsec !== null) point.rmsArcsec = f.rmsArcsec;
        return point;
      }),
  };
}

/**
 * Groups catalog frames into imaging sessions (night × rig × target) from their LIGHT frames,
 * newest night first. Rejected frames are counted but not integrated.
 *
 * @example
 * ```ts
 * const sessions = summarizeSessions(catalog.search({}));
 * ```
 */
export function summarizeSessions(frames: readonly NoteFrame[]): ImagingSession[] {
  const groups = new Map<string, NoteFrame[]>();
  const calibration: NoteFrame[] = [];
  for (const f of frames) {
    if (f.frameType !== 'LIGHT') {
      if (f.frameType !== 'UNKNOWN') calibration.push(f);
      continue;
    }
    const key = sessionKey(f);
    if (key === null) continue;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return [...groups]
    .map(([key, lights]) => summarizeSession(key, lights, calibration))
    .sort(
      (a, b) =>
        b.night.localeCompare(a.night) ||
        byNullableText(a.target, b.target) ||
        byNullableText(a.rig, b.rig),
    );
}
