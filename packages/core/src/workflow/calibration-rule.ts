import type { FrameRecord, FrameType } from '../metadata/frame-record.js';

/** Calibration kinds a light may need. */
export type CalibrationKind = 'DARK' | 'FLAT' | 'BIAS' | 'DARKFLAT';

export const CALIBRATION_KINDS: readonly FrameType[] = ['DARK', 'FLAT', 'BIAS', 'DARKFLAT'];

export interface CalibrationTolerances {
  /** Dark exposure difference allowed, seconds; default 0.05. */
  exposureSec: number;
  /** Set-point difference allowed, °C; default 1. */
  setTempC: number;
}

const DEFAULT_TOLERANCES: CalibrationTolerances = { exposureSec: 0.05, setTempC: 1 };

/** Equal when both are known; a field one side lacks does not decide (the calibration issue refines this). */
function same<T>(a: T | null, b: T | null): boolean {
  return a === null || b === null || a === b;
}

function near(a: number | null, b: number | null, tolerance: number): boolean {
  return a === null || b === null || Math.abs(a - b) <= tolerance;
}

/**
 * Whether a calibration frame can calibrate a light: the interim, configurable rule used by
 * promote and cleanup until the calibration area supplies real matching. Binning and camera
 * always match; darks also by exposure, gain, offset, set temperature and readout mode; flats by
 * night, optic and filter; bias by gain, offset and readout mode.
 *
 * @example
 * ```ts
 * calibrates(dark, light); // true when the dark fits this light
 * ```
 */
export function calibrates(
  calibration: FrameRecord,
  light: FrameRecord,
  tolerances: CalibrationTolerances = DEFAULT_TOLERANCES,
): boolean {
  if (!same(calibration.camera, light.camera) || !same(calibration.binning, light.binning))
    return false;
  switch (calibration.frameType) {
    case 'DARK':
      return (
        near(calibration.exposureSec, light.exposureSec, tolerances.exposureSec) &&
        near(calibration.setTempC, light.setTempC, tolerances.setTempC) &&
        same(calibration.gain, light.gain) &&
        same(calibration.offset, light.offset) &&
        same(calibration.readoutMode, light.readoutMode)
      );
    case 'FLAT':
      return (
        same(calibration.night, light.night) &&
        same(calibration.optic, light.optic) &&
        same(calibration.filter, light.filter)
      );
    case 'BIAS':
      return (
        same(calibration.gain, light.gain) &&
        same(calibration.offset, light.offset) &&
        same(calibration.readoutMode, light.readoutMode)
      );
    case 'DARKFLAT':
      return same(calibration.night, light.night);
    default:
      return false;
  }
}

/** A light group's calibration: which kinds are missing and which frames calibrate it. */
export interface CalibrationCheckResult {
  ok: boolean;
  missing: CalibrationKind[];
  /** Paths of calibration frames that calibrate at least one light of the group. */
  matched: string[];
}

/** Decides whether a group of lights has the calibration it needs. */
export type CalibrationCheck = (
  lights: readonly FrameRecord[],
  calibration: readonly FrameRecord[],
) => CalibrationCheckResult;

/**
 * The interim rule: every light needs at least one frame of each `required` kind that
 * {@link calibrates} it.
 *
 * @example
 * ```ts
 * const check = requireCalibration(['DARK', 'FLAT']);
 * check(lights, calibrationFrames).missing; // ['FLAT']
 * ```
 */
export function requireCalibration(
  required: readonly CalibrationKind[] = ['DARK', 'FLAT'],
  tolerances: CalibrationTolerances = DEFAULT_TOLERANCES,
): CalibrationCheck {
  return (lights, calibration) => {
    const missing = new Set<CalibrationKind>();
    const matched = new Set<string>();
    for (const light of lights) {
      for (const kind of required) {
        const fits = calibration.filter(
          (c) => c.frameType === kind && calibrates(c, light, tolerances),
        );
        if (fits.length === 0) missing.add(kind);
        for (const frame of fits) matched.add(frame.path);
      }
    }
    return { ok: missing.size === 0, missing: [...missing], matched: [...matched].sort() };
  };
}
