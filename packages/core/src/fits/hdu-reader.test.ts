import { describe, expect, it } from 'vitest';
import { isAstroError } from '../errors/index.js';
import { bufferSource, type ByteSource } from '../io/byte-source.js';
import { readFitsHeaders, readFitsImageHeader } from './hdu-reader.js';
import { writeFits, type FitsWriteHdu } from './writer.js';

/** Wraps a source and records every read, to prove which bytes a reader touched. */
function counting(
  source: ByteSource,
): ByteSource & { reads: Array<[number, number]>; bytesRead: number } {
  const reads: Array<[number, number]> = [];
  const wrapped = {
    size: source.size,
    reads,
    bytesRead: 0,
    read: async (offset: number, length: number) => {
      const bytes = await source.read(offset, length);
      reads.push([offset, bytes.length]);
      wrapped.bytesRead += bytes.length;
      return bytes;
    },
    close: () => source.close(),
  };
  return wrapped;
}

const ninaCards: FitsWriteHdu['cards'] = Array.from({ length: 110 }, (_, i) => ({
  keyword: `KEY${i}`,
  value: i * 1.5,
  comment: 'filler',
}));
const image = (w: number, h: number): FitsWriteHdu['image'] => ({
  bitpix: 16,
  axes: [w, h],
  data: new Uint16Array(w * h).map((_, i) => i),
  bzero: 32768,
});
const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('readFitsHeaders', () => {
  it('finds every HDU by offset arithmetic', async () => {
    const bytes = writeFits([
      { cards: [{ keyword: 'OBJECT', value: 'M 42' }] },
      { cards: [{ keyword: 'EXTNAME', value: 'SCI' }], image: image(30, 20) },
      { cards: [], image: image(3, 3) },
    ]);
    const { value, diagnostics } = await readFitsHeaders(bufferSource(bytes));
    expect(diagnostics).toEqual([]);
    expect(value.map((h) => [h.kind, h.headerOffset, h.dataOffset, h.dataLength])).toEqual([
      ['primary', 0, 2880, 0],
      ['image', 2880, 5760, 1200],
      ['image', 8640, 11520, 18],
    ]);
    expect(value[1]?.header.getString('EXTNAME')).toBe('SCI');
    expect((await readFitsHeaders(bufferSource(bytes), { maxHdus: 2 })).value).toHaveLength(2);
  });

  it('throws EMPTY_FILE, FITS_NOT_FITS and TRUNCATED for the unreadable cases', async () => {
    expect(
      isAstroError(await errorOf(readFitsHeaders(bufferSource(new Uint8Array(0)))), 'EMPTY_FILE'),
    ).toBe(true);
    const png = new Uint8Array(4000).fill(0x89);
    expect(isAstroError(await errorOf(readFitsHeaders(bufferSource(png))), 'FITS_NOT_FITS')).toBe(
      true,
    );
    const whole = writeFits([{ cards: ninaCards }]);
    const cut = whole.subarray(0, 2880);
    expect(isAstroError(await errorOf(readFitsHeaders(bufferSource(cut))), 'TRUNCATED')).toBe(true);
  });

  it('returns the header with an error diagnostic when data is cut off', async () => {
    const bytes = writeFits([
      { cards: [{ keyword: 'FILTER', value: 'L' }], image: image(100, 100) },
    ]);
    const { value, diagnostics } = await readFitsHeaders(
      bufferSource(bytes.subarray(0, 2880 + 5000)),
    );
    expect(value[0]?.header.getString('FILTER')).toBe('L');
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'TRUNCATED', hdu: 0 }),
    ]);
  });

  it('reports a cut-off extension header and trailing junk without throwing', async () => {
    const two = writeFits([{ cards: [] }, { cards: ninaCards, image: image(2, 2) }]);
    const cut = await readFitsHeaders(bufferSource(two.subarray(0, 2880 + 2880)));
    expect(cut.value).toHaveLength(1);
    expect(cut.diagnostics[0]).toMatchObject({ severity: 'error', code: 'TRUNCATED', hdu: 1 });
    const junk = new Uint8Array(2880 * 2);
    junk.set(writeFits([{ cards: [] }]));
    const trailing = await readFitsHeaders(bufferSource(junk));
    expect(trailing.value).toHaveLength(1);
    expect(trailing.diagnostics[0]?.code).toBe('FITS_TRAILING_BYTES');
  });

  it('reads a header that spans several read chunks', async () => {
    const many = Array.from({ length: 700 }, (_, i) => ({ keyword: `K${i}`, value: `value ${i}` }));
    const source = counting(bufferSource(writeFits([{ cards: many, image: image(4, 4) }])));
    const { value } = await readFitsHeaders(source);
    expect(value[0]?.header.getString('K699')).toBe('value 699');
    expect(value[0]?.dataOffset).toBe(Math.ceil((706 * 80) / 2880) * 2880);
    expect(source.reads.length).toBeGreaterThan(2);
  });

  it('keeps malformed cards and reports them with HDU and card numbers', async () => {
    const bytes = writeFits([
      {
        cards: [
          { keyword: 'OK', value: 1 },
          { keyword: 'AFTER', value: 2 },
        ],
      },
    ]);
    const bad = "BROKEN  = 'no end quote".padEnd(80);
    for (let i = 0; i < 80; i++) bytes[80 * 3 + i] = bad.charCodeAt(i);
    const { value, diagnostics } = await readFitsHeaders(bufferSource(bytes));
    expect(value[0]?.header.cards[3]).toMatchObject({
      keyword: 'BROKEN',
      kind: 'malformed',
      raw: bad,
    });
    expect(value[0]?.header.getInt('AFTER')).toBe(2);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'FITS_BAD_CARD', hdu: 0, card: 3 }),
    ]);
  });

  it('keeps non-ASCII bytes exactly (latin1) and diagnoses them', async () => {
    const bytes = writeFits([{ cards: [{ keyword: 'OBSERVER', value: 'Jose X' }] }]);
    const at = new TextDecoder('latin1').decode(bytes).indexOf('Jose X');
    bytes[at + 3] = 0xe9;
    bytes[at + 5] = 0x80;
    const { value, diagnostics } = await readFitsHeaders(bufferSource(bytes));
    expect(value[0]?.header.getString('OBSERVER')).toBe('Jos\u00e9 \u0080');
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'FITS_NON_ASCII', hdu: 0, card: 3 }),
    ]);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await errorOf(
      readFitsHeaders(bufferSource(writeFits([{ cards: [] }])), { signal: controller.signal }),
    );
    expect(isAstroError(error, 'ABORTED')).toBe(true);
  });
});

describe('readFitsImageHeader', () => {
  it('reads only header bytes of a file with 100 MB of data', async () => {
    const dataBytes = 100 * 1024 * 1024;
    const real = writeFits([{ cards: ninaCards, image: { bitpix: 16, axes: [1, 1], data: [0] } }]);
    const headerLength = real.length - 2880;
    const patched = new TextDecoder('latin1')
      .decode(real.subarray(0, headerLength))
      .replace('NAXIS1  =                    1', `NAXIS1  = ${String(dataBytes / 2).padStart(20)}`);
    const header = Uint8Array.from(patched, (c) => c.charCodeAt(0));
    // A virtual 100 MB file: header bytes, then zeros that are never materialized.
    const big: ByteSource = {
      size: headerLength + dataBytes,
      read: async (offset, length) => {
        const out = new Uint8Array(Math.min(length, headerLength + dataBytes - offset));
        out.set(header.subarray(offset, offset + out.length));
        return out;
      },
      close: async () => {},
    };
    const source = counting(big);
    const { value } = await readFitsImageHeader(source);
    expect(value.hdu.dataOffset).toBe(headerLength);
    expect(value.hdu.dataLength).toBe(dataBytes);
    // One chunk of 8 blocks: the header plus at most the chunk's tail, never a read into the data.
    expect(source.reads).toEqual([[0, 23040]]);
    expect(source.reads.every(([offset]) => offset < headerLength)).toBe(true);
  });

  it('skips an empty primary and stops at the first image', async () => {
    const bytes = writeFits([
      { cards: [] },
      { cards: [{ keyword: 'EXTNAME', value: 'FIRST' }], image: image(8, 8) },
      { cards: [], image: image(2, 2) },
    ]);
    const source = counting(bufferSource(bytes));
    const { value } = await readFitsImageHeader(source);
    expect(value.hdu.index).toBe(1);
    expect(value.hdus).toHaveLength(2);
    expect(source.reads).toHaveLength(1);
  });

  it('reads the image header of a compressed image', async () => {
    const bytes = writeFits([
      { cards: [{ keyword: 'FILTER', value: 'OIII' }], image: image(16, 4), compress: 'RICE_1' },
    ]);
    const { value } = await readFitsImageHeader(bufferSource(bytes));
    expect(value.hdu.kind).toBe('compressed-image');
    expect(value.hdu.header.getInt('BITPIX')).toBe(16);
    expect(value.hdu.header.getInt('NAXIS1')).toBe(16);
    expect(value.hdu.header.has('ZCMPTYPE')).toBe(false);
    expect(value.hdu.rawHeader?.getString('ZCMPTYPE')).toBe('RICE_1');
    expect(value.hdu.header.getString('FILTER')).toBe('OIII');
  });

  it('throws NO_IMAGE when no HDU holds pixels', async () => {
    const error = await errorOf(readFitsImageHeader(bufferSource(writeFits([{ cards: [] }]))));
    expect(isAstroError(error, 'NO_IMAGE')).toBe(true);
  });
});
