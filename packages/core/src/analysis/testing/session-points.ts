import type { SessionPoint } from '../plot-session.js';

/** Half an hour of frames every five minutes, with slow trends and one frame without guiding. */
export const SESSION_POINTS: SessionPoint[] = Array.from({ length: 30 }, (_, i) => ({
  timeUtc: new Date(Date.UTC(2024, 9, 1, 20, 0) + i * 300_000).toISOString(),
  hfrPx: 2 + 0.02 * i,
  fwhmPx: 4 + 0.04 * i,
  starCount: 900 - i * 5,
  backgroundAdu: 1200 + i * 3,
  rmsArcsec: i === 4 ? null : 0.6 + (i % 3) * 0.1,
}));
