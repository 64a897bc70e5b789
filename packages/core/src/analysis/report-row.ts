import type { AnalyzeResult } from './analyze-files.js';
import type { AnalysisChannel } from './types.js';

/** One frame as `astrocat analyze --json` prints it (field names are a public contract). */
export interface AnalysisReportRow {
  path: string;
  starCount: number | null;
  hfrPx: number | null;
  fwhmPx: number | null;
  hfrArcsec: number | null;
  fwhmArcsec: number | null;
  eccentricity: number | null;
  backgroundAdu: number | null;
  noiseAdu: number | null;
  saturatedFraction: number | null;
  channel: AnalysisChannel | null;
  error?: { code: string; message: string };
  /** With `stars`: FITS pixel coordinates (1-based, FITS row order). */
  stars?: Array<{
    x: number;
    y: number;
    flux: number;
    hfrPx: number;
    fwhmPx: number;
    snr: number;
    flags: number;
  }>;
}

const round = (value: number | null | undefined, digits: number): number | null =>
  value === null || value === undefined || !Number.isFinite(value)
    ? null
    : Number(value.toFixed(digits));

/**
 * Turns an {@link analyzeFiles} result into the report row hosts print, converting star
 * positions from 0-based array indexes to 1-based FITS pixel coordinates.
 *
 * @example
 * ```ts
 * for await (const result of analyzeFiles(paths)) rows.push(analysisReportRow(result, { stars: false }));
 * ```
 */
export function analysisReportRow(
  result: AnalyzeResult,
  options: { stars?: boolean } = {},
): AnalysisReportRow {
  const m = result.measurement;
  const row: AnalysisReportRow = {
    path: result.path,
    starCount: m?.starCount ?? null,
    hfrPx: round(m?.hfrPx, 3),
    fwhmPx: round(m?.fwhmPx, 3),
    hfrArcsec: round(m?.hfrArcsec, 3),
    fwhmArcsec: round(m?.fwhmArcsec, 3),
    eccentricity: round(m?.eccentricity, 3),
    backgroundAdu: round(m?.backgroundAdu, 1),
    noiseAdu: round(m?.noiseAdu, 2),
    saturatedFraction: round(m?.saturatedFraction, 6),
    channel: m?.channel ?? null,
  };
  if (result.error) row.error = result.error;
  if (options.stars && m?.stars) {
    row.stars = m.stars.map((star) => ({
      x: round(star.x + 1, 3) ?? 0,
      y: round(star.y + 1, 3) ?? 0,
      flux: round(star.flux, 1) ?? 0,
      hfrPx: round(star.hfrPx, 3) ?? 0,
      fwhmPx: round(star.fwhmPx, 3) ?? 0,
      snr: round(star.snr, 1) ?? 0,
      flags: star.flags,
    }));
  }
  return row;
}
