import type { Command } from 'commander';
import {
  HFR_METHODS,
  analysisReportRow,
  analyzeFiles,
  listImageFiles,
  type AnalysisReportRow,
  type HfrMethod,
} from '@astro/core/analysis';
import { createContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { formatTable } from '../output.js';

export function register(program: Command): void {
  program
    .command('analyze')
    .description(
      'Measure stars, HFR, FWHM, eccentricity, background and noise of frames (files or folders).',
    )
    .argument('<paths...>', 'FITS/XISF files or folders (searched recursively)')
    .option('--workers <n>', 'worker threads (default: cores − 1; 0 runs in this process)')
    .option(
      '--stars',
      'include every star (x, y 1-based FITS pixels, flux, hfrPx, fwhmPx, snr) in --json',
    )
    .option(
      '--hfr-method <method>',
      "sampled (default: the star's own half-flux radius over its local sky) or source-extractor (its FLUX_RADIUS, for comparing with tools built on it)",
    )
    .option(
      '--json',
      'print an array of { path, starCount, hfrPx, fwhmPx, hfrArcsec, fwhmArcsec, eccentricity, backgroundAdu, noiseAdu, ... }',
    )
    .action(
      async (
        paths: string[],
        options: { workers?: string; stars?: boolean; hfrMethod?: string },
        command: Command,
      ) => {
        const ctx = createContext(command);
        const hfrMethod = options.hfrMethod ?? 'sampled';
        if (!HFR_METHODS.includes(hfrMethod as HfrMethod))
          throw new UsageError(
            `--hfr-method must be ${HFR_METHODS.join(' or ')}, got ${options.hfrMethod}`,
          );
        const workers = options.workers === undefined ? undefined : Number(options.workers);
        if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0))
          throw new UsageError(`--workers must be a whole number ≥ 0, got ${options.workers}`);
        const files = await listImageFiles(paths, ctx.config.scan.extensions);
        if (files.length === 0) throw new UsageError('no FITS/XISF files found in the given paths');
        const progress = ctx.out.progress('analyze');
        const rows: AnalysisReportRow[] = [];
        const results = analyzeFiles(files, {
          ...(workers !== undefined ? { workers } : {}),
          signal: ctx.signal,
          measure: { keepStars: Boolean(options.stars), hfrMethod: hfrMethod as HfrMethod },
          onProgress: ({ done, total, path }) => progress.update(done, total, path),
        });
        for await (const result of results)
          rows.push(analysisReportRow(result, { stars: options.stars }));
        progress.done();
        rows.sort((a, b) => a.path.localeCompare(b.path));
        if (rows.some((row) => row.error)) process.exitCode = 1;
        ctx.out.result(rows, () =>
          formatTable(
            rows.map((row) => ({
              ...row,
              hfrArcsec: row.hfrArcsec ?? '-',
              fwhmArcsec: row.fwhmArcsec ?? '-',
              noiseAdu: row.error ? `error: ${row.error.message}` : row.noiseAdu,
            })),
            [
              'path',
              'starCount',
              'hfrPx',
              'fwhmPx',
              'hfrArcsec',
              'fwhmArcsec',
              'eccentricity',
              'backgroundAdu',
              'noiseAdu',
            ],
          ),
        );
      },
    );
}
