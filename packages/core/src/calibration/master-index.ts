import type { MasterKind, MatchProperty } from './calibration-config.js';
import { masterKindOf, type CalibrationFrame } from './calibration-frame.js';
import { EXACT_PROPERTIES, exactValue, type ExactProperty } from './match-properties.js';

const SEPARATOR = '\u0000';

/**
 * Masters indexed by the exact-match keys (type, binning, camera, gain, offset, readout mode), so
 * finding a light's candidates is one Map lookup instead of a scan of the library. A bucket map
 * is built lazily per set of keys in use, since rules may drop a key for some rig or type.
 *
 * @example
 * ```ts
 * const index = new MasterIndex(catalog.search({ frameType: MASTER_FRAME_TYPES }));
 * index.candidates(group.reference, 'DARK', ['camera', 'exposure', 'gain']);
 * ```
 */
export class MasterIndex {
  private readonly byKind = new Map<MasterKind, CalibrationFrame[]>();
  private readonly byCamera = new Map<string, CalibrationFrame[]>();
  private readonly bucketSets = new Map<string, Map<string, CalibrationFrame[]>>();

  constructor(masters: Iterable<CalibrationFrame>) {
    for (const master of masters) {
      const kind = masterKindOf(master.frameType);
      if (kind === null) continue;
      push(this.byKind, kind, master);
      push(this.byCamera, cameraKey(kind, master.camera), master);
    }
  }

  get size(): number {
    let total = 0;
    for (const list of this.byKind.values()) total += list.length;
    return total;
  }

  /** Every master of a kind, in insertion order. */
  all(kind: MasterKind): readonly CalibrationFrame[] {
    return this.byKind.get(kind) ?? [];
  }

  /**
   * Masters of `kind` whose binning and exact keys (those among `properties`) equal the
   * reference's. A key the reference lacks matches anything, so such a lookup scans the kind.
   */
  candidates(
    reference: CalibrationFrame,
    kind: MasterKind,
    properties: readonly MatchProperty[],
  ): readonly CalibrationFrame[] {
    const keys = EXACT_PROPERTIES.filter((p) => properties.includes(p));
    if (reference.binning === null || keys.some((k) => reference[k] === null)) {
      return this.all(kind).filter((m) => sameKeys(m, reference, keys));
    }
    const signature = `${kind}:${keys.join(',')}`;
    let buckets = this.bucketSets.get(signature);
    if (!buckets) {
      buckets = new Map();
      for (const master of this.all(kind)) push(buckets, bucketKey(master, keys), master);
      this.bucketSets.set(signature, buckets);
    }
    return buckets.get(bucketKey(reference, keys)) ?? [];
  }

  /** Masters of `kind` from the reference's camera: the pool near-misses are explained from. */
  sameCamera(reference: CalibrationFrame, kind: MasterKind): readonly CalibrationFrame[] {
    return this.byCamera.get(cameraKey(kind, reference.camera)) ?? [];
  }
}

function bucketKey(frame: CalibrationFrame, keys: readonly ExactProperty[]): string {
  let key = exactValue(frame.binning);
  for (const k of keys) key += SEPARATOR + exactValue(frame[k]);
  return key;
}

function sameKeys(
  master: CalibrationFrame,
  reference: CalibrationFrame,
  keys: readonly ExactProperty[],
): boolean {
  if (reference.binning !== null && exactValue(master.binning) !== exactValue(reference.binning))
    return false;
  return keys.every(
    (k) => reference[k] === null || exactValue(master[k]) === exactValue(reference[k]),
  );
}

function cameraKey(kind: MasterKind, camera: string | null): string {
  return `${kind}${SEPARATOR}${exactValue(camera)}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
