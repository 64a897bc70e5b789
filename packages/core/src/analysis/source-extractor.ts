import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_FILTER_SIGMA_PX } from './detect-stars.js';
import { gaussianKernel } from './matched-filter.js';

const run = promisify(execFile);

/** One row of a source-extractor catalog, positions converted to our 0-based pixel centres. */
export interface SourceExtractorStar {
  x: number;
  y: number;
  fluxAuto: number;
  fluxRadiusPx: number;
  fwhmPx: number;
  elongation: number;
  flags: number;
  snrWin: number;
  /** Sky under the object from the background mesh (ADU). */
  backgroundAdu: number;
  /** Kron aperture of FLUX_AUTO: semi-axes kronRadius·a and kronRadius·b (px). */
  kronRadius: number;
  aPx: number;
  bPx: number;
}

/**
 * Runs Debian's `source-extractor` on a FITS file with the settings our comparison relies on
 * (DETECT_MINAREA 5, our own detection filter as its convolution mask, PHOT_FLUXFRAC 0.5) and
 * returns its catalog and wall time. Used by the comparison test, script and benchmark only.
 */
export async function runSourceExtractor(
  fitsPath: string,
  options: { command?: string; detectThresh?: number; extra?: string[] } = {},
): Promise<{ stars: SourceExtractorStar[]; seconds: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'astro-sex-'));
  try {
    const params = [
      'X_IMAGE',
      'Y_IMAGE',
      'FLUX_AUTO',
      'FLUX_RADIUS',
      'FWHM_IMAGE',
      'ELONGATION',
      'FLAGS',
      'SNR_WIN',
      'BACKGROUND',
      'KRON_RADIUS',
      'A_IMAGE',
      'B_IMAGE',
    ];
    await writeFile(join(dir, 'cat.param'), params.join('\n') + '\n');
    await writeFile(
      join(dir, 'gauss.conv'),
      convolutionMask(gaussianKernel(DEFAULT_FILTER_SIGMA_PX)),
    );
    await writeFile(join(dir, 'empty.sex'), '');
    const catalog = join(dir, 'out.cat');
    const args = [
      fitsPath,
      ...['-c', join(dir, 'empty.sex'), '-PARAMETERS_NAME', join(dir, 'cat.param')],
      ...['-FILTER', 'Y', '-FILTER_NAME', join(dir, 'gauss.conv'), '-DETECT_MINAREA', '5'],
      ...[
        '-DETECT_THRESH',
        String(options.detectThresh ?? 1.5),
        '-ANALYSIS_THRESH',
        String(options.detectThresh ?? 1.5),
      ],
      ...['-PHOT_FLUXFRAC', '0.5', '-CATALOG_TYPE', 'ASCII_HEAD', '-CATALOG_NAME', catalog],
      ...[
        '-CHECKIMAGE_TYPE',
        'NONE',
        '-VERBOSE_TYPE',
        'QUIET',
        '-NTHREADS',
        '1',
        '-SATUR_LEVEL',
        '65000',
      ],
      ...(options.extra ?? []),
    ];
    const started = performance.now();
    await run(options.command ?? 'source-extractor', args, { maxBuffer: 1 << 26 });
    const seconds = (performance.now() - started) / 1000;
    return { stars: parseCatalog(await readFile(catalog, 'utf8')), seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function parseCatalog(text: string): SourceExtractorStar[] {
  const stars: SourceExtractorStar[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [x, y, fluxAuto, fluxRadiusPx, fwhmPx, elongation, flags, snrWin, sky, kron, a, b] = line
      .trim()
      .split(/\s+/)
      .map(Number);
    // source-extractor counts pixels from 1.
    stars.push({
      x: (x ?? 0) - 1,
      y: (y ?? 0) - 1,
      fluxAuto: fluxAuto ?? 0,
      fluxRadiusPx: fluxRadiusPx ?? 0,
      fwhmPx: fwhmPx ?? 0,
      elongation: elongation ?? 0,
      flags: flags ?? 0,
      snrWin: snrWin ?? 0,
      backgroundAdu: sky ?? 0,
      kronRadius: kron ?? 0,
      aPx: a ?? 0,
      bPx: b ?? 0,
    });
  }
  return stars;
}

/** A source-extractor filter file holding the 2-D outer product of our separable 1-D kernel. */
function convolutionMask(kernel: Float32Array): string {
  const rows = [`CONV NORM`, `# ${kernel.length}x${kernel.length} separable, as astrocat filters`];
  for (const ky of kernel)
    rows.push(Array.from(kernel, (kx) => (kx * ky).toExponential(6)).join(' '));
  return rows.join('\n') + '\n';
}
