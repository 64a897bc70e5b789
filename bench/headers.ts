/**
 * Micro-benchmark of the cataloging hot path, from memory (no I/O): FITS header parse, XISF
 * header parse and normalization, per header. Not part of the test suite.
 *
 *   npx tsx bench/headers.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLibrary } from '../fixtures/generate-library.js';
import { readFitsImageHeader } from '../packages/core/src/fits/index.js';
import { bufferSource } from '../packages/core/src/io/index.js';
import { normalizeFrame } from '../packages/core/src/metadata/index.js';
import { readXisfHeader } from '../packages/core/src/xisf/index.js';

async function perSecond(label: string, fn: () => Promise<unknown> | unknown): Promise<void> {
  for (let i = 0; i < 500; i++) await fn();
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < 2000) {
    await fn();
    count++;
  }
  const rate = count / ((performance.now() - start) / 1000);
  console.log(
    `${label.padEnd(44)} ${rate.toFixed(0).padStart(8)} /s  (${(1e6 / rate).toFixed(1)} µs each)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'astrocat-bench-headers-'));
try {
  const files = generateLibrary(dir);
  const fitsBytes = readFileSync(files.lights[0]!);
  const xisfBytes = readFileSync(files.masters[0]!);
  const fitsSource = bufferSource(fitsBytes);
  const { value } = await readFitsImageHeader(fitsSource);
  const cards = value.hdu.header.toHeaderCards();
  console.log(
    `NINA-style light: ${cards.length} cards; XISF master: ${xisfBytes.byteLength} bytes`,
  );
  await perSecond('FITS image header (parse)', () => readFitsImageHeader(fitsSource));
  await perSecond('XISF header (parse XML)', () => readXisfHeader(bufferSource(xisfBytes)));
  await perSecond('normalizeFrame (cards + path tokens)', () =>
    normalizeFrame({ path: files.lights[0]!, format: 'fits', cards }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
