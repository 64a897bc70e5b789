import { join } from 'node:path';
import { calibrationRigName } from '../metadata/rig-name.js';
import { sanitizePathSegment } from '../workflow/sanitize-path-segment.js';
import type { MasterKind } from './calibration-config.js';
import type { CalibrationFrame } from './calibration-frame.js';

const TYPE_NAME: Record<MasterKind, string> = {
  DARK: 'MasterDark',
  FLAT: 'MasterFlat',
  BIAS: 'MasterBias',
  DARKFLAT: 'MasterDarkFlat',
};

function fixed2(value: number): string {
  return value.toFixed(2);
}

/**
 * The standard library place of a master:
 * `<library>/<mastersFolder>/<optic+camera>/<KIND>/MasterDark_<night>_EXP_120.00s_GAIN_100_OFFSET_50_TEMP_-10.00_BIN_1x1_<readout>.xisf`
 * (flats carry `FILTER_<f>`). Darks and bias without an optic file under the camera alone.
 * Returns null when not even the camera is known: such a master cannot be matched anyway.
 *
 * @example
 * ```ts
 * masterLibraryPath(master, 'DARK', '/lib', '_Masters', '.xisf');
 * ```
 */
export function masterLibraryPath(
  master: CalibrationFrame,
  kind: MasterKind,
  libraryDir: string,
  mastersFolder: string,
  extension: string,
): string | null {
  const rig = calibrationRigName(master) ?? master.camera?.trim();
  if (!rig) return null;
  const parts: string[] = [TYPE_NAME[kind]];
  if (master.night !== null) parts.push(master.night);
  if (master.filter !== null && kind === 'FLAT') parts.push(`FILTER_${master.filter}`);
  if (master.exposureSec !== null && kind !== 'BIAS')
    parts.push(`EXP_${fixed2(master.exposureSec)}s`);
  if (master.gain !== null) parts.push(`GAIN_${master.gain}`);
  if (master.offset !== null) parts.push(`OFFSET_${master.offset}`);
  if (master.setTempC !== null) parts.push(`TEMP_${fixed2(master.setTempC)}`);
  if (master.binning !== null) parts.push(`BIN_${master.binning}`);
  if (master.readoutMode !== null) parts.push(master.readoutMode);
  const name = sanitizePathSegment(`${parts.join('_').replace(/\s+/g, '-')}${extension}`);
  return join(libraryDir, mastersFolder, sanitizePathSegment(rig), kind, name);
}

/** The file's extension as written (`.xisf`, `.fits`, `.fits.fz`), lower case. */
export function imageExtension(path: string): string {
  const match = /(\.fits?\.fz|\.[a-z0-9]+)$/i.exec(path);
  return match ? (match[1] as string).toLowerCase() : '';
}
