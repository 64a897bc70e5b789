import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { AstroError, ErrorCode } from '../errors/index.js';
import { formatCard } from '../fits/format-card.js';
import type { WorkflowFs } from './file-ops.js';
import type { PlanStep } from './plan.js';

const BLOCK = 2880;
const CARD = 80;
/** A primary header longer than this is not something a capture program writes. */
const MAX_HEADER_BLOCKS = 1000;

type FileHandle = Awaited<ReturnType<WorkflowFs['open']>>;

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** The primary header's cards up to and including END, and how many bytes its blocks take. */
async function readPrimaryHeader(
  handle: FileHandle,
  path: string,
): Promise<{ cards: string[]; headerBytes: number }> {
  const cards: string[] = [];
  for (let block = 0; block < MAX_HEADER_BLOCKS; block++) {
    const bytes = await readExactly(handle, BLOCK, block * BLOCK);
    if (bytes.length < BLOCK) break;
    for (let offset = 0; offset < BLOCK; offset += CARD) {
      const card = bytes.toString('latin1', offset, offset + CARD);
      if (block === 0 && offset === 0 && !card.startsWith('SIMPLE  =')) {
        throw new AstroError(ErrorCode.FITS_NOT_FITS, `${path} is not a FITS file`, {
          details: { path },
        });
      }
      cards.push(card);
      if (card.startsWith('END') && card.slice(3).trim() === '')
        return { cards, headerBytes: (block + 1) * BLOCK };
    }
  }
  throw new AstroError(ErrorCode.FITS_BAD_HEADER, `${path}: no END card in the primary header`, {
    details: { path },
  });
}

/** The header with the given keywords replaced (in place) or added before END. */
export function stampCards(
  cards: readonly string[],
  stamps: NonNullable<PlanStep['cards']>,
): string[] {
  const body = cards.filter((card) => !(card.startsWith('END') && card.slice(3).trim() === ''));
  const out = [...body];
  for (const stamp of stamps) {
    const formatted = formatCard(stamp.keyword, stamp.value, stamp.comment);
    const key = stamp.keyword.toUpperCase().padEnd(8);
    const at = out.findIndex((card) => card.startsWith(key) && card.slice(8, 10) === '= ');
    if (at >= 0) out.splice(at, 1, ...formatted);
    else out.push(...formatted);
  }
  return [...out, 'END'.padEnd(CARD)];
}

function headerBuffer(cards: readonly string[], bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes, 0x20);
  cards.forEach((card, index) => buffer.write(card, index * CARD, 'latin1'));
  return buffer;
}

async function hashRange(handle: FileHandle, start: number, end: number): Promise<string> {
  const hash = createHash('sha256');
  for (let position = start; position < end; position += 1 << 20) {
    hash.update(await readExactly(handle, Math.min(1 << 20, end - position), position));
  }
  return hash.digest('hex');
}

/**
 * Writes cards (HFR, STARS, RMS, ...) into a FITS file's primary header, replacing cards with the
 * same keyword. When the new header fits the existing header blocks (their blank space after
 * END), only those blocks are rewritten in place: the data are never touched. Otherwise a new
 * file is written beside it (new header + the data copied), fsynced, its data verified by
 * SHA-256 against the original's, and swapped in by rename. Idempotent, so a resumed step may
 * simply run again.
 *
 * @example
 * ```ts
 * await stampHeaderCards(nodeFs, '/lib/a.fits', [{ keyword: 'HFR', value: 2.31, comment: '[px]' }]);
 * ```
 */
export async function stampHeaderCards(
  fs: WorkflowFs,
  path: string,
  stamps: NonNullable<PlanStep['cards']>,
): Promise<'in-place' | 'rewritten' | 'unchanged'> {
  const handle = await fs.open(path, 'r+');
  let swap: { cards: string[]; headerBytes: number; size: number } | null = null;
  try {
    const { cards, headerBytes } = await readPrimaryHeader(handle, path);
    const stamped = stampCards(cards, stamps);
    if (stamped.join('') === cards.join('')) return 'unchanged';
    if (stamped.length * CARD <= headerBytes) {
      await handle.write(headerBuffer(stamped, headerBytes), 0, headerBytes, 0);
      await handle.sync();
      return 'in-place';
    }
    swap = { cards: stamped, headerBytes, size: (await handle.stat()).size };
  } finally {
    await handle.close();
  }
  await rewriteWithHeader(fs, path, swap.cards, swap.headerBytes, swap.size);
  return 'rewritten';
}

async function rewriteWithHeader(
  fs: WorkflowFs,
  path: string,
  cards: string[],
  oldHeaderBytes: number,
  size: number,
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.astrocat-stamp`);
  await fs.unlink(temporary).catch(() => undefined);
  const newHeaderBytes = Math.ceil((cards.length * CARD) / BLOCK) * BLOCK;
  const source = await fs.open(path, 'r');
  try {
    const target = await fs.open(temporary, 'wx+');
    try {
      await target.write(headerBuffer(cards, newHeaderBytes), 0, newHeaderBytes, 0);
      for (let position = oldHeaderBytes; position < size; position += 1 << 20) {
        const chunk = await readExactly(source, Math.min(1 << 20, size - position), position);
        await target.write(chunk, 0, chunk.length, newHeaderBytes + position - oldHeaderBytes);
      }
      await target.sync();
      const expected = await hashRange(source, oldHeaderBytes, size);
      const actual = await hashRange(
        target,
        newHeaderBytes,
        newHeaderBytes + size - oldHeaderBytes,
      );
      if (expected !== actual) {
        throw new AstroError(
          ErrorCode.CHECKSUM_MISMATCH,
          `stamped copy of ${path} does not match its data`,
        );
      }
    } finally {
      await target.close();
    }
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  } finally {
    await source.close();
  }
  await fs.rename(temporary, path);
}
