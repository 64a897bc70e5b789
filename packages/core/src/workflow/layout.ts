import type { Diagnostic, WithDiagnostics } from '../errors/index.js';
import type { FrameRecord, FrameType } from '../metadata/frame-record.js';
import { sanitizePathSegment, type PathConvention } from './sanitize-path-segment.js';

/** Folder templates per frame type; a missing type falls back to `default`. */
export type LayoutTemplates = Partial<Record<FrameType, string>> & { default?: string };

/** A configured rig: frames whose optic and camera match get this name instead of a derived one. */
export interface RigConfig {
  name: string;
  optic: string;
  camera: string;
}

export interface LayoutOptions {
  templates?: LayoutTemplates;
  /** Value of the `{stage}` token, e.g. `10_Blink` or `20_Data`. */
  stage: string;
  rigs?: readonly RigConfig[];
  convention?: PathConvention;
  /** Text for a required token with no value; default `NA`. */
  missing?: string;
}

const CAL_TAIL = '{datetime}_TEMP_{temp}.{ext}';
const CAL_KEYS = 'GAIN_{gain}_OFFSET_{offset}_SETTEMP_{setTemp}_BIN_{binning}[_READOUT_{readout}]';

/**
 * The reference convention. Lights go under the full rig name with the metrics kept in the file
 * name; calibration goes under `{optic}+{camera}` (no focal ratio) so every rig on a camera shares it.
 */
export const DEFAULT_LAYOUT: LayoutTemplates = {
  LIGHT:
    '{rig}/{stage}/{target}/DATE_{night}/FILTER_{filter}_EXP_{exposure}[_PANEL_{panel}]/{datetime}_HFR_{hfr}_STARS_{stars}_RMSAC_{rms}_TEMP_{temp}.{ext}',
  DARK: `{calRig}/{stage}/DARK/DATE_{night}/EXP_{exposure}_${CAL_KEYS}/${CAL_TAIL}`,
  DARKFLAT: `{calRig}/{stage}/DARKFLAT/DATE_{night}/EXP_{exposure}_${CAL_KEYS}/${CAL_TAIL}`,
  FLAT: `{calRig}/{stage}/FLAT/DATE_{night}/FILTER_{filter}_EXP_{exposure}_${CAL_KEYS}/${CAL_TAIL}`,
  BIAS: `{calRig}/{stage}/BIAS/DATE_{night}/${CAL_KEYS}/${CAL_TAIL}`,
};

/** Doubles as NINA writes them: two decimals (`300.00`, `-10.00`, `2.31`). */
export function formatFixed2(value: number | null): string | null {
  return value === null || !Number.isFinite(value) ? null : value.toFixed(2);
}

/** `2024-10-05T21:14:03.123Z` → `2024-10-05_21-14-03` (UTC; NINA's $$DATETIME$$ shape). */
export function formatDateTime(isoUtc: string | null): string | null {
  const match = isoUtc?.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})/);
  return match ? `${match[1]}_${match[2]}-${match[3]}-${match[4]}` : null;
}

/** File extension kept from the source name; `.fits.fz` stays whole. */
export function fileExtension(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? '';
  const compressed = name.match(/\.([^.]+\.fz)$/i);
  if (compressed?.[1]) return compressed[1];
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

function trimRatio(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** The rig folder name: a configured rig, else `<optic>@f<ratio>+<camera>`, else the record's. */
export function rigName(frame: FrameRecord, rigs: readonly RigConfig[] = []): string | null {
  const configured = findRig(frame, rigs);
  if (configured) return configured.name;
  if (frame.optic && frame.camera && frame.focalRatio !== null) {
    return `${frame.optic}@f${trimRatio(frame.focalRatio)}+${frame.camera}`;
  }
  return frame.rig;
}

/** The calibration rig folder name: `<optic>@f<ratio>+<camera>` without the focal ratio. */
export function calibrationRigName(
  frame: FrameRecord,
  rigs: readonly RigConfig[] = [],
): string | null {
  const configured = findRig(frame, rigs);
  if (configured) return `${configured.optic}+${configured.camera}`;
  if (frame.optic && frame.camera) return `${frame.optic}+${frame.camera}`;
  return frame.rig?.replace(/@f[\d.]+/, '') ?? null;
}

function findRig(frame: FrameRecord, rigs: readonly RigConfig[]): RigConfig | undefined {
  const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();
  return rigs.find((rig) => same(frame.optic, rig.optic) && same(frame.camera, rig.camera));
}

/** Every token a template may use, as display strings (`null` = no value). */
export function frameTokens(
  frame: FrameRecord,
  stage: string,
  rigs: readonly RigConfig[] = [],
): Record<string, string | null> {
  const text = (value: string | number | null) => (value === null ? null : String(value));
  const fileName = frame.path.split(/[\\/]/).pop() ?? '';
  return {
    stage,
    rig: rigName(frame, rigs),
    calRig: calibrationRigName(frame, rigs),
    optic: frame.optic,
    camera: frame.camera,
    type: frame.frameType,
    target: frame.target,
    panel: frame.panel,
    night: frame.night,
    filter: frame.filter,
    exposure: formatFixed2(frame.exposureSec),
    gain: text(frame.gain),
    offset: text(frame.offset),
    setTemp: formatFixed2(frame.setTempC),
    temp: formatFixed2(frame.sensorTempC),
    binning: frame.binning,
    readout: frame.readoutMode,
    datetime: formatDateTime(frame.dateObsUtc),
    hfr: formatFixed2(frame.hfrPx),
    stars: text(frame.starCount),
    rms: formatFixed2(frame.rmsArcsec),
    ext: fileExtension(frame.path),
    filename: fileName,
  };
}

/**
 * Fills a template. `{token}` takes the token's value; a `[...]` section (within one folder level)
 * is dropped when any token inside it has no value; a required token with no value becomes
 * `missing` and is reported. Each folder level is sanitized after filling, so a value holding `/`
 * or `..` can never add or climb a level. Returns a relative path with `/` separators.
 *
 * @example
 * ```ts
 * renderTemplate('{target}/F_{filter}[_PANEL_{panel}]', { target: 'M31', filter: 'Ha', panel: null });
 * // { value: 'M31/F_Ha', diagnostics: [] }
 * ```
 */
export function renderTemplate(
  template: string,
  tokens: Record<string, string | null>,
  options: { convention?: PathConvention; missing?: string } = {},
): WithDiagnostics<string> {
  const diagnostics: Diagnostic[] = [];
  const missing = options.missing ?? 'NA';
  const lookup = (name: string): string | null => {
    if (!(name in tokens)) {
      diagnostics.push({
        severity: 'error',
        code: 'LAYOUT_UNKNOWN_TOKEN',
        message: `unknown token {${name}}`,
      });
      return null;
    }
    const value = tokens[name];
    return value === null || value === undefined || value === '' ? null : value;
  };
  const levels = template.split('/').filter((level) => level !== '');
  const rendered = levels.map((level, index) => {
    const withSections = level.replace(/\[([^\]]*)\]/g, (_whole, inner: string) => {
      const names = [...inner.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      return names.every((name) => lookup(name) !== null) ? inner : '';
    });
    const filled = withSections.replace(/\{(\w+)\}/g, (_whole, name: string) => {
      const value = lookup(name);
      if (value !== null) return value;
      diagnostics.push({
        severity: 'warning',
        code: 'LAYOUT_TOKEN_MISSING',
        message: `no value for {${name}}`,
      });
      return missing;
    });
    return sanitizePathSegment(filled, {
      convention: options.convention ?? 'portable',
      keepExtension: index === levels.length - 1,
    });
  });
  return { value: rendered.join('/'), diagnostics: dedupe(diagnostics) };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => !seen.has(d.message) && seen.add(d.message) !== undefined);
}

/**
 * Where a frame belongs in the library, relative to the library root.
 *
 * @example
 * ```ts
 * layoutPath(frame, { stage: '10_Blink' }).value;
 * // 'Esprit100@f5.5+ASI2600MM/10_Blink/M31/DATE_2024-10-05/FILTER_Ha_EXP_300.00/2024-10-05_21-14-03_HFR_2.31_STARS_812_RMSAC_0.62_TEMP_-10.00.fits'
 * ```
 */
export function layoutPath(frame: FrameRecord, options: LayoutOptions): WithDiagnostics<string> {
  const templates = { ...DEFAULT_LAYOUT, ...options.templates };
  const template = templates[frame.frameType] ?? templates.default;
  if (template === undefined) {
    return {
      value: '',
      diagnostics: [
        {
          severity: 'error',
          code: 'LAYOUT_NO_TEMPLATE',
          message: `no layout template for ${frame.frameType} frames`,
        },
      ],
    };
  }
  const tokens = frameTokens(frame, options.stage, options.rigs);
  const renderOptions: { convention?: PathConvention; missing?: string } = {};
  if (options.convention) renderOptions.convention = options.convention;
  if (options.missing !== undefined) renderOptions.missing = options.missing;
  return renderTemplate(template, tokens, renderOptions);
}
