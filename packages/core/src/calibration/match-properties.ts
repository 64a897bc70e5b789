import type { CalibrationRules, MasterKind, MatchProperty } from './calibration-config.js';
import type { CalibrationFrame } from './calibration-frame.js';

/** Properties compared for equality (case-insensitively for names); the rest use tolerances. */
export const EXACT_PROPERTIES = ['camera', 'gain', 'offset', 'readoutMode'] as const;
export type ExactProperty = (typeof EXACT_PROPERTIES)[number];

const FIELD: Record<
  MatchProperty,
  keyof Pick<
    CalibrationFrame,
    | 'exposureSec'
    | 'setTempC'
    | 'camera'
    | 'gain'
    | 'offset'
    | 'readoutMode'
    | 'filter'
    | 'optic'
    | 'focalLengthMm'
    | 'night'
  >
> = {
  exposure: 'exposureSec',
  setTemp: 'setTempC',
  camera: 'camera',
  gain: 'gain',
  offset: 'offset',
  readoutMode: 'readoutMode',
  filter: 'filter',
  optic: 'optic',
  focalLength: 'focalLengthMm',
  night: 'night',
};

/** How a master compares with what a light wants: `ok`, and if not, one reason per failure. */
export interface PropertyCheck {
  ok: boolean;
  /** The master is a shorter dark accepted by dark scaling. */
  scaled: boolean;
  failures: string[];
}

/** Normalizes names and numbers so `ZWO ASI2600MM Pro` equals `zwo asi2600mm pro`. */
export function exactValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? String(value) : value.trim().toLowerCase();
}

const DAY_MS = 86_400_000;

/** Whole nights between two YYYY-MM-DD nights (master minus light). */
export function nightsApart(master: string, light: string): number {
  return Math.round((Date.parse(master) - Date.parse(light)) / DAY_MS);
}

/**
 * Checks one master against a reference (the light group's properties, or for flat-darks the
 * chosen flat's). A property the reference lacks does not constrain; one the master lacks while
 * the reference has it fails: the master abstains rather than guesses.
 */
export function checkMaster(
  master: CalibrationFrame,
  reference: CalibrationFrame,
  kind: MasterKind,
  rules: CalibrationRules,
): PropertyCheck {
  const failures: string[] = [];
  let scaled = false;
  if (reference.binning !== null && exactValue(master.binning) !== exactValue(reference.binning)) {
    failures.push(
      master.binning === null
        ? 'lacks binning'
        : `binning ${master.binning} ≠ ${reference.binning}`,
    );
  }
  const { tolerances } = rules;
  for (const property of rules.properties[kind]) {
    const field = FIELD[property];
    const wanted = reference[field];
    const have = master[field];
    if (wanted === null || wanted === undefined) continue;
    if (have === null || have === undefined) {
      failures.push(`lacks ${label(property)}`);
      continue;
    }
    if (property === 'exposure') {
      const delta = Number(have) - Number(wanted);
      if (Math.abs(delta) <= tolerances.exposureSec) continue;
      if (kind === 'DARK' && rules.darkScaling && delta < 0) {
        scaled = true;
        continue;
      }
      failures.push(`exposure ${have} s ≠ ${wanted} s (±${tolerances.exposureSec})`);
    } else if (property === 'setTemp') {
      const delta = Number(have) - Number(wanted);
      if (Math.abs(delta) > tolerances.setTempC + 1e-9) {
        const warmer = delta > 0 ? 'warmer' : 'colder';
        failures.push(
          `set temp ${have} °C is ${round(Math.abs(delta))} °C ${warmer} than ${wanted} °C (±${tolerances.setTempC})`,
        );
      }
    } else if (property === 'focalLength') {
      if (Math.abs(Number(have) - Number(wanted)) > tolerances.focalLengthMm + 1e-9) {
        failures.push(`focal length ${have} mm ≠ ${wanted} mm (±${tolerances.focalLengthMm})`);
      }
    } else if (property === 'night') {
      const failure = nightFailure(String(have), String(wanted), rules);
      if (failure) failures.push(failure);
    } else if (exactValue(have) !== exactValue(wanted)) {
      failures.push(`${label(property)} ${have} ≠ ${wanted}`);
    }
  }
  return { ok: failures.length === 0, scaled: failures.length === 0 && scaled, failures };
}

function nightFailure(master: string, light: string, rules: CalibrationRules): string | null {
  const apart = nightsApart(master, light);
  const { policy, maxDays } = rules.flatDate;
  if (policy === 'same-night') {
    return apart === 0 ? null : `night ${master} is not the light’s night ${light}`;
  }
  if (policy === 'newest-before' && apart > 0) {
    return `night ${master} is after the light’s night ${light}`;
  }
  return Math.abs(apart) <= maxDays
    ? null
    : `night ${master} is ${Math.abs(apart)} night(s) from ${light} (max ${maxDays})`;
}

/**
 * What a master of `kind` would need to calibrate the reference: the exact values and the
 * tolerated ranges, for the `missing` report.
 */
export function wantedProperties(
  reference: CalibrationFrame,
  kind: MasterKind,
  rules: CalibrationRules,
): Record<string, string | number> {
  const wanted: Record<string, string | number> = { type: `MASTER ${kind}` };
  if (reference.binning !== null) wanted.binning = reference.binning;
  const { tolerances, flatDate } = rules;
  for (const property of rules.properties[kind]) {
    const value = reference[FIELD[property]];
    if (value === null || value === undefined) continue;
    if (property === 'exposure') {
      wanted.exposureSec =
        kind === 'DARK' && rules.darkScaling
          ? `${value} ±${tolerances.exposureSec} s (or shorter, scaled)`
          : `${value} ±${tolerances.exposureSec} s`;
    } else if (property === 'setTemp') wanted.setTempC = `${value} ±${tolerances.setTempC} °C`;
    else if (property === 'focalLength')
      wanted.focalLengthMm = `${value} ±${tolerances.focalLengthMm} mm`;
    else if (property === 'night') {
      wanted.night =
        flatDate.policy === 'same-night'
          ? String(value)
          : `${value} (${flatDate.policy}, max ${flatDate.maxDays} night(s))`;
    } else wanted[FIELD[property]] = value;
  }
  return wanted;
}

const LABEL: Record<MatchProperty, string> = {
  exposure: 'exposure',
  setTemp: 'set temp',
  camera: 'camera',
  gain: 'gain',
  offset: 'offset',
  readoutMode: 'readout mode',
  filter: 'filter',
  optic: 'optic',
  focalLength: 'focal length',
  night: 'night',
};

function label(property: MatchProperty): string {
  return LABEL[property];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
