import { dirname } from 'node:path';
import type { FrameRecord, FrameType } from '../metadata/frame-record.js';
import { calibrationRigName, rigName } from '../metadata/rig-name.js';
import type { MasterKind } from './calibration-config.js';

/** The facts matching reads from a light or a master; a catalog `StoredFrame` is one. */
export type CalibrationFrame = Pick<
  FrameRecord,
  | 'path'
  | 'frameType'
  | 'camera'
  | 'binning'
  | 'gain'
  | 'offset'
  | 'readoutMode'
  | 'exposureSec'
  | 'setTempC'
  | 'filter'
  | 'optic'
  | 'focalLengthMm'
  | 'focalRatio'
  | 'night'
  | 'dateObsUtc'
> & { id?: number; target?: string | null; framesCombined?: number | null };

const KIND_OF_MASTER: Partial<Record<FrameType, MasterKind>> = {
  'MASTER DARK': 'DARK',
  'MASTER FLAT': 'FLAT',
  'MASTER BIAS': 'BIAS',
  'MASTER DARKFLAT': 'DARKFLAT',
};

/** The master kind of a frame type (`MASTER DARK` → `DARK`), or null for anything else. */
export function masterKindOf(frameType: FrameType): MasterKind | null {
  return KIND_OF_MASTER[frameType] ?? null;
}

/** Frame types of masters, for catalog searches. */
export const MASTER_FRAME_TYPES: FrameType[] = Object.keys(KIND_OF_MASTER) as FrameType[];

/** Lights that share a folder and every property matching looks at: one calibration decision. */
export interface LightGroup {
  /** Stable identity: the folder plus the properties, as JSON. */
  key: string;
  folder: string;
  /** `<optic>@f<ratio>+<camera>` when known. */
  rig: string | null;
  /** `<optic>+<camera>` when known. */
  calibrationRig: string | null;
  /** The group's shared properties; `dateObsUtc` is its earliest frame's. */
  reference: CalibrationFrame;
  lights: CalibrationFrame[];
}

const GROUP_FIELDS = [
  'camera',
  'binning',
  'gain',
  'offset',
  'readoutMode',
  'exposureSec',
  'setTempC',
  'filter',
  'optic',
  'focalLengthMm',
  'focalRatio',
  'night',
] as const;

/**
 * Groups lights by folder (night × filter × exposure in the library layout) and, inside a
 * folder, by every property matching reads, so a stray frame never borrows another's masters.
 * Groups come sorted by key, lights by path.
 *
 * @example
 * ```ts
 * const groups = groupLights(catalog.search({ frameType: 'LIGHT' }));
 * ```
 */
export function groupLights(frames: readonly CalibrationFrame[]): LightGroup[] {
  const byKey = new Map<string, CalibrationFrame[]>();
  for (const frame of frames) {
    if (frame.frameType !== 'LIGHT') continue;
    const key = JSON.stringify([dirname(frame.path), ...GROUP_FIELDS.map((f) => frame[f])]);
    const list = byKey.get(key);
    if (list) list.push(frame);
    else byKey.set(key, [frame]);
  }
  return [...byKey.keys()].sort().map((key) => {
    const lights = (byKey.get(key) ?? []).sort((a, b) => (a.path < b.path ? -1 : 1));
    const first = lights[0] as CalibrationFrame;
    const earliest = lights
      .map((l) => l.dateObsUtc)
      .filter((d): d is string => d !== null)
      .sort()[0];
    return {
      key,
      folder: dirname(first.path),
      rig: rigName(first),
      calibrationRig: calibrationRigName(first),
      reference: { ...first, dateObsUtc: earliest ?? null },
      lights,
    };
  });
}
