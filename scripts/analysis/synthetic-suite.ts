import {
  randomStarField,
  renderSyntheticFrame,
  type TrueStar,
} from '../../packages/core/src/analysis/synthetic-frame.js';

/** One synthetic test frame of the comparison script and benchmark. */
export interface SuiteFrame {
  name: string;
  width: number;
  height: number;
  data: Uint16Array;
  truth: TrueStar[];
  sigmaPx: number;
  skyAdu: number;
}

/** The σ × sky grid of the acceptance criteria, rendered deterministically. */
export function syntheticSuite(size = 1024): SuiteFrame[] {
  const frames: SuiteFrame[] = [];
  for (const sigmaPx of [1, 1.5, 2, 3, 4]) {
    for (const skyAdu of [200, 1000, 5000]) {
      const stars = randomStarField({
        width: size,
        height: size,
        count: Math.round((size * size) / 4000 / sigmaPx),
        fluxMin: 3000 * sigmaPx,
        fluxMax: 400000,
        seed: 17 + sigmaPx * 10,
        marginPx: 24,
        minSeparationPx: 6 * sigmaPx,
      });
      const { data, truth } = renderSyntheticFrame({
        width: size,
        height: size,
        stars,
        sigmaPx,
        skyAdu,
        readNoiseE: 3.5,
        gainEPerAdu: 1,
        seed: 5 + skyAdu,
      });
      frames.push({
        name: `σ=${sigmaPx} sky=${skyAdu}`,
        width: size,
        height: size,
        data,
        truth,
        sigmaPx,
        skyAdu,
      });
    }
  }
  return frames;
}

/** Median of finite values (NaN when empty). */
export function medianOf(values: number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2
    ? (finite[mid] as number)
    : ((finite[mid - 1] as number) + (finite[mid] as number)) / 2;
}
