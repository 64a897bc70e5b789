import { z } from 'zod';

/** The master types a light can require. DARKFLAT are the short darks that calibrate flats. */
export const MASTER_KINDS = ['DARK', 'FLAT', 'BIAS', 'DARKFLAT'] as const;
export type MasterKind = (typeof MASTER_KINDS)[number];

/** Properties a master can be required to share with the light it calibrates (binning always is). */
export const MATCH_PROPERTIES = [
  'exposure',
  'setTemp',
  'camera',
  'gain',
  'offset',
  'readoutMode',
  'filter',
  'optic',
  'focalLength',
  'night',
] as const;
export type MatchProperty = (typeof MATCH_PROPERTIES)[number];

const kind = z.enum(MASTER_KINDS);
const property = z.enum(MATCH_PROPERTIES);

const tolerancesSchema = z
  .object({
    exposureSec: z.number().min(0).describe('Dark exposure difference allowed, seconds.'),
    setTempC: z.number().min(0).describe('Set-point difference allowed, °C (1–3 is usual).'),
    focalLengthMm: z.number().min(0).describe('Focal length difference allowed for flats, mm.'),
  })
  .strict();

const flatDateSchema = z
  .object({
    policy: z
      .enum(['same-night', 'nearest', 'newest-before'])
      .describe(
        'same-night: the flat of the light’s night; nearest: closest night within maxDays; newest-before: newest flat taken on or before the light’s night (within maxDays).',
      ),
    maxDays: z.number().int().min(0).describe('Nights apart allowed for nearest/newest-before.'),
  })
  .strict();

/** One rule set: what a rig's lights need and how close a master must be. */
const ruleSetShape = {
  require: z
    .array(kind)
    .describe('Master types every light needs (DARKFLAT is added by flatDarks).'),
  properties: z
    .object({
      DARK: z.array(property),
      FLAT: z.array(property),
      BIAS: z.array(property),
      DARKFLAT: z.array(property),
    })
    .strict()
    .describe('Properties each master type must share with the light (binning always).'),
  tolerances: tolerancesSchema,
  flatDate: flatDateSchema,
  darkScaling: z
    .boolean()
    .describe('Allow a shorter dark (plus a bias) when no dark of the light’s exposure exists.'),
  flatDarks: z.boolean().describe('Require short darks matched to each chosen flat’s exposure.'),
};

export const DEFAULT_RULES = {
  require: ['DARK', 'FLAT', 'BIAS'],
  properties: {
    DARK: ['exposure', 'setTemp', 'camera', 'gain', 'offset', 'readoutMode'],
    FLAT: [
      'night',
      'optic',
      'filter',
      'setTemp',
      'camera',
      'gain',
      'offset',
      'readoutMode',
      'focalLength',
    ],
    BIAS: ['camera', 'gain', 'offset', 'setTemp', 'readoutMode'],
    DARKFLAT: ['exposure', 'setTemp', 'camera', 'gain', 'offset', 'readoutMode'],
  },
  tolerances: { exposureSec: 0.05, setTempC: 1, focalLengthMm: 1 },
  flatDate: { policy: 'same-night', maxDays: 0 },
  darkScaling: false,
  flatDarks: false,
} satisfies z.input<z.ZodObject<typeof ruleSetShape>>;

const ruleSetSchema = z.object(ruleSetShape).strict();
const partialRuleSetSchema = z
  .object({
    ...ruleSetShape,
    properties: ruleSetShape.properties.partial().strict().optional(),
    tolerances: tolerancesSchema.partial().strict().optional(),
    flatDate: flatDateSchema.partial().strict().optional(),
  })
  .partial()
  .strict();

/**
 * The `calibration` section of the configuration file: default rules, per-rig overrides keyed by
 * rig name (`C8E@f10+ASI2600MM`) or calibration rig name (`C8E+ASI2600MM`), and how masters are
 * placed beside the lights.
 */
export const calibrationConfigSchema = z
  .object({
    mastersFolder: z
      .string()
      .min(1)
      .default('_Masters')
      .describe('Folder under the library root that holds the master library.'),
    distribution: z
      .enum(['copy', 'hardlink', 'reflink'])
      .default('hardlink')
      .describe('How masters are placed beside lights; hardlink falls back to a verified copy.'),
    rules: ruleSetSchema.default(DEFAULT_RULES),
    rigs: z.record(z.string(), partialRuleSetSchema).default({}),
  })
  .strict();

export type CalibrationConfig = z.output<typeof calibrationConfigSchema>;
export type CalibrationConfigInput = z.input<typeof calibrationConfigSchema>;
export type CalibrationRules = z.output<typeof ruleSetSchema>;
export type CalibrationRulesOverride = z.output<typeof partialRuleSetSchema>;

/**
 * Validates a `calibration` config section (missing fields take the defaults of DESIGN.md §4).
 *
 * @example
 * ```ts
 * const config = parseCalibrationConfig({ rigs: { 'C8E+ASI2600MM': { tolerances: { setTempC: 2 } } } });
 * ```
 */
export function parseCalibrationConfig(input: unknown = {}): CalibrationConfig {
  return calibrationConfigSchema.parse(input ?? {});
}

/**
 * The rules for one rig: the defaults with the first matching override (full rig name, then
 * calibration rig name) laid over them field by field.
 *
 * @example
 * ```ts
 * rulesForRig(config, ['C8E@f10+ASI2600MM', 'C8E+ASI2600MM']).tolerances.setTempC; // 2
 * ```
 */
export function rulesForRig(
  config: CalibrationConfig,
  names: readonly (string | null)[],
): CalibrationRules {
  const base = config.rules;
  const name = names.find((n): n is string => n !== null && config.rigs[n] !== undefined);
  const override = name === undefined ? undefined : config.rigs[name];
  if (!override) return base;
  return {
    require: override.require ?? base.require,
    properties: { ...base.properties, ...override.properties },
    tolerances: { ...base.tolerances, ...override.tolerances },
    flatDate: { ...base.flatDate, ...override.flatDate },
    darkScaling: override.darkScaling ?? base.darkScaling,
    flatDarks: override.flatDarks ?? base.flatDarks,
  };
}
