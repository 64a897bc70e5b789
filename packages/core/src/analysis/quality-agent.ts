import type { Agent, AgentFieldValue } from '../ingest/agent.js';
import { analyzeFile } from './analyze-file.js';
import type { MeasureFrameOptions } from './measure-frame.js';
import type { HfrMethod } from './flux-radius.js';
import type { FrameMeasurement } from './types.js';

/**
 * Bump when `measureFrame` gives other numbers for the same file, so every catalog re-measures its
 * light frames on the next scan instead of mixing the old numbers with the new.
 */
const MEASUREMENT_VERSION = 1;

/** The catalog fields the quality agent writes, named as `astrocat search --field` takes them. */
export function qualityFields(
  measurement: FrameMeasurement,
  hfrMethod: HfrMethod = 'sampled',
): Record<string, AgentFieldValue> {
  const round = (value: number | null, digits: number): number | null =>
    value === null ? null : Number(value.toFixed(digits));
  return {
    starCount: measurement.starCount,
    hfrPx: round(measurement.hfrPx, 3),
    hfrMethod,
    fwhmPx: round(measurement.fwhmPx, 3),
    hfrArcsec: round(measurement.hfrArcsec, 3),
    fwhmArcsec: round(measurement.fwhmArcsec, 3),
    eccentricity: round(measurement.eccentricity, 3),
    backgroundAdu: round(measurement.backgroundAdu, 1),
    noiseAdu: round(measurement.noiseAdu, 2),
    saturatedFraction: round(measurement.saturatedFraction, 6),
    analysisChannel: measurement.channel,
  };
}

/**
 * The enrichment agent that measures every light frame (stars, HFR, FWHM, background) and stores
 * the results as searchable fields, so cull and search work when the file name carries no HFR.
 * The catalog's normalized optics (pixel size, focal length, Bayer pattern) take precedence over
 * the header's raw cards. Its version names the HFR method, so switching methods re-measures.
 *
 * @example
 * ```ts
 * const agents = [createFileAgent(), createQualityAgent()];
 * // astrocat search --field hfrPx<2.5
 * ```
 */
export function createQualityAgent(
  options: Omit<MeasureFrameOptions, 'signal' | 'keepStars'> = {},
): Agent {
  const hfrMethod = options.hfrMethod ?? 'sampled';
  return {
    name: 'quality',
    version: `${MEASUREMENT_VERSION}/hfr=${hfrMethod}`,
    appliesTo: (frame) => frame.frameType === 'LIGHT',
    async run(frame, context) {
      const known: MeasureFrameOptions = {};
      if (frame.pixelSizeUm) known.pixelSizeUm = frame.pixelSizeUm;
      if (frame.focalLengthMm) known.focalLengthMm = frame.focalLengthMm;
      if (frame.bayerPattern) known.bayerPattern = frame.bayerPattern;
      const measurement = await analyzeFile(frame.path, {
        ...options,
        ...known,
        signal: context.signal,
      });
      return { fields: qualityFields(measurement, hfrMethod) };
    },
  };
}
