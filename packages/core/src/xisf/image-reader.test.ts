import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bufferSource } from '../io/byte-source.js';
import { readXisfHeader } from './header-reader.js';
import { readXisfImage } from './image-reader.js';
import type { XisfImage } from './types.js';
import { verifyXisfChecksums } from './verify-checksums.js';
import { writeXisf } from './writer.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../../fixtures/xisf/${name}`, import.meta.url)));

/** Preamble + XML (with `@POS` replaced by the position of the block that follows it) + block. */
function assemble(xmlTemplate: string, block: Uint8Array = new Uint8Array(0)): Uint8Array {
  const withPosition = (position: number): Uint8Array =>
    new TextEncoder().encode(xmlTemplate.replace('@POS', String(position)));
  let position = 0;
  while (16 + withPosition(position).length !== position)
    position = 16 + withPosition(position).length;
  const xml = withPosition(position);
  const out = new Uint8Array(16 + xml.length + block.length);
  out.set(new TextEncoder().encode('XISF0100'));
  new DataView(out.buffer).setUint32(8, xml.length, true);
  out.set(xml, 16);
  out.set(block, 16 + xml.length);
  return out;
}

const samples = (data: XisfImage['data']): number[] =>
  Array.from(data as ArrayLike<number | bigint>, Number);

const root = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><xisf version="1.0" xmlns="http://www.pixinsight.com/xisf">${body}<Metadata/></xisf>`;

function blockRange(bytes: Uint8Array): [number, number] {
  const xml = new TextDecoder().decode(
    bytes.subarray(0, 16 + new DataView(bytes.buffer).getUint32(8, true)),
  );
  const [, position, size] = /location="attachment:(\d+):(\d+)"/.exec(xml)!;
  return [Number(position), Number(size)];
}

describe('readXisfImage', () => {
  it('throws CHECKSUM_MISMATCH for a corrupted block, and reads it only when asked not to verify', async () => {
    const bytes = writeXisf([
      {
        width: 4,
        height: 2,
        sampleFormat: 'UInt16',
        data: [1, 2, 3, 4, 5, 6, 7, 8],
        checksum: 'sha-1',
      },
    ]);
    const [position] = blockRange(bytes);
    bytes[position] = bytes[position]! ^ 0xff;
    await expect(readXisfImage(bufferSource(bytes))).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
    });
    const { value, diagnostics } = await readXisfImage(bufferSource(bytes), 0, {
      verifyChecksum: false,
    });
    expect(samples(value.data)).toEqual([1 ^ 0xff, 2, 3, 4, 5, 6, 7, 8]);
    expect(diagnostics.map((d) => d.code)).toContain('XISF_CHECKSUM_SKIPPED');
  });

  it('checks the checksum before decompressing a corrupted compressed block', async () => {
    const data = Array.from({ length: 64 }, (_, i) => i);
    const bytes = writeXisf([
      {
        width: 8,
        height: 8,
        sampleFormat: 'UInt8',
        data,
        compression: 'zlib',
        checksum: 'sha-512',
      },
    ]);
    const [position, size] = blockRange(bytes);
    bytes.fill(0xee, position + 2, position + size);
    // A checksum mismatch, not a zlib error: the altered stream is never inflated.
    await expect(readXisfImage(bufferSource(bytes))).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
    });
    await expect(
      readXisfImage(bufferSource(bytes), 0, { verifyChecksum: false }),
    ).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
  });

  it('verifyXisfChecksums reports every image as a value with error diagnostics', async () => {
    const image = { width: 2, height: 1, sampleFormat: 'UInt8' as const, data: [1, 2] };
    const bytes = writeXisf([
      { ...image, checksum: 'sha-256' },
      image,
      { ...image, checksum: 'sha-1', compression: 'lz4' },
    ]);
    expect((await verifyXisfChecksums(bufferSource(bytes))).value.map((r) => r.ok)).toEqual([
      true,
      null,
      true,
    ]);
    const [position] = blockRange(bytes);
    bytes[position] = bytes[position]! ^ 1;
    const { value, diagnostics } = await verifyXisfChecksums(bufferSource(bytes));
    expect(value).toEqual([
      { index: 0, algorithm: 'sha-256', ok: false },
      { index: 1, algorithm: null, ok: null },
      { index: 2, algorithm: 'sha-1', ok: true },
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'CHECKSUM_MISMATCH', hdu: 0 }),
    ]);
  });

  it('reads the header of a file whose attachment is cut short, but not its pixels', async () => {
    const bytes = writeXisf([
      { width: 16, height: 16, sampleFormat: 'Float32', data: new Array(256).fill(0.5) },
    ]);
    const cut = bytes.subarray(0, bytes.length - 10);
    expect((await readXisfHeader(bufferSource(cut))).value.images[0]!.width).toBe(16);
    await expect(readXisfImage(bufferSource(cut))).rejects.toMatchObject({
      code: 'TRUNCATED',
      message: expect.stringMatching(/data block ends at byte/),
    });
    const { diagnostics } = await verifyXisfChecksums(
      bufferSource(
        writeXisf([
          { width: 1, height: 1, sampleFormat: 'UInt8', data: [1], checksum: 'sha-1' },
        ]).subarray(0, -1),
      ),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'TRUNCATED' }),
    ]);
  });

  it('converts Normal (pixel-interleaved) storage to planar', async () => {
    // 2x1 RGB: pixel 0 = (1, 2, 3), pixel 1 = (4, 5, 6).
    const block = new Uint8Array(new Uint16Array([1, 2, 3, 4, 5, 6]).buffer);
    const file = assemble(
      root(
        `<Image geometry="2:1:3" sampleFormat="UInt16" colorSpace="RGB" pixelStorage="Normal" location="attachment:@POS:12"/>`,
      ),
      block,
    );
    expect(samples((await readXisfImage(bufferSource(file))).value.data)).toEqual([
      1, 4, 2, 5, 3, 6,
    ]);
  });

  it('swaps big-endian blocks', async () => {
    const block = new Uint8Array(8);
    new DataView(block.buffer).setFloat32(0, 0.25, false);
    new DataView(block.buffer).setFloat32(4, -2, false);
    const file = assemble(
      root(
        `<Image geometry="2:1:1" sampleFormat="Float32" bounds="0:1" byteOrder="big" location="attachment:@POS:8"/>`,
      ),
      block,
    );
    expect(samples((await readXisfImage(bufferSource(file))).value.data)).toEqual([0.25, -2]);
  });

  it('reads embedded (base64, zlib) and inline (hex) blocks', async () => {
    const embedded = assemble(
      root(`<Image geometry="3:1:1" sampleFormat="UInt8" location="embedded"><Data encoding="base64" compression="zlib:3">
      ${deflateSync(Buffer.from([7, 8, 9])).toString('base64')}
    </Data></Image>`),
    );
    expect(samples((await readXisfImage(bufferSource(embedded))).value.data)).toEqual([7, 8, 9]);
    const inline = assemble(
      root(`<Image geometry="2:1:1" sampleFormat="UInt16" location="inline:hex">0100 ff00</Image>`),
    );
    expect(samples((await readXisfImage(bufferSource(inline))).value.data)).toEqual([1, 255]);
  });

  it('reads a block compressed in subblocks', async () => {
    const raw = new Uint8Array(new Uint32Array([10, 20, 30, 40]).buffer);
    const first = deflateSync(raw.subarray(0, 6));
    const second = deflateSync(raw.subarray(6));
    const block = new Uint8Array([...first, ...second]);
    const file = assemble(
      root(
        `<Image geometry="4:1:1" sampleFormat="UInt32" compression="zlib:16" subblocks="${first.length},6:${second.length},10" location="attachment:@POS:${block.length}"/>`,
      ),
      block,
    );
    expect(samples((await readXisfImage(bufferSource(file))).value.data)).toEqual([10, 20, 30, 40]);
  });

  it.each([
    ['an unknown codec', 'compression="rle:4"', 'UNSUPPORTED_COMPRESSION'],
    ['a block of the wrong size', '', 'CORRUPT_DATA'],
    ['an unknown checksum algorithm left unverified', 'checksum="md5:00"', null],
  ])('handles %s', async (_name, attributes, code) => {
    const file = assemble(
      root(
        `<Image geometry="${code === 'CORRUPT_DATA' ? '3' : '2'}:1:1" sampleFormat="UInt16" ${attributes} location="attachment:@POS:4"/>`,
      ),
      new Uint8Array([1, 0, 2, 0]),
    );
    if (code) {
      await expect(readXisfImage(bufferSource(file))).rejects.toMatchObject({ code });
    } else {
      const { value, diagnostics } = await readXisfImage(bufferSource(file));
      expect(samples(value.data)).toEqual([1, 2]);
      expect(diagnostics.map((d) => d.code)).toContain('XISF_CHECKSUM_UNSUPPORTED');
    }
  });

  it('throws NO_IMAGE for a missing index and ABORTED for a cancelled read', async () => {
    const bytes = writeXisf([{ width: 1, height: 1, sampleFormat: 'UInt8', data: [1] }]);
    await expect(readXisfImage(bufferSource(bytes), 1)).rejects.toMatchObject({ code: 'NO_IMAGE' });
    const controller = new AbortController();
    controller.abort();
    await expect(
      readXisfImage(bufferSource(bytes), 0, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('committed fixtures', () => {
  it('reads the zstd fixture made by the reference zstd encoder', async () => {
    const source = bufferSource(fixture('zstd-uint16-shuffled.xisf'));
    const { value: header } = await readXisfHeader(source);
    expect(header.images[0]).toMatchObject({
      imageType: 'MasterDark',
      compression: { codec: 'zstd', shuffled: true, itemSize: 2 },
      checksum: { algorithm: 'sha-256' },
    });
    expect(header.images[0]!.fitsKeywords).toEqual([
      { keyword: 'IMAGETYP', value: 'Master Dark', comment: 'Type of image' },
      { keyword: 'EXPTIME', value: 300, comment: '[s] Exposure duration' },
    ]);
    const { value } = await readXisfImage(source);
    const expected = Array.from({ length: 64 * 48 }, (_, i) => {
      const [x, y] = [i % 64, Math.floor(i / 64)];
      return (x * 37 + y * 101 + ((x * y) % 17) * 3) & 0xffff;
    });
    expect(samples(value.data)).toEqual(expected);
    expect((await verifyXisfChecksums(source)).value[0]!.ok).toBe(true);
  });

  it('reads the lz4hc fixture made by the reference lz4 encoder', async () => {
    const { value } = await readXisfImage(bufferSource(fixture('lz4hc-float32-rgb.xisf')));
    expect(value).toMatchObject({ width: 16, height: 12, channels: 3, sampleFormat: 'Float32' });
    const expected = Array.from({ length: 16 * 12 * 3 }, (_, k) =>
      Math.fround(((k % 192) + Math.floor(k / 192) * 1000) / 4096),
    );
    expect(samples(value.data)).toEqual(expected);
  });

  it('reads the master dark written by our writer', async () => {
    const source = bufferSource(fixture('astrocat-master-dark.xisf'));
    const { value: header, diagnostics } = await readXisfHeader(source);
    expect(diagnostics).toEqual([]);
    const cards = Object.fromEntries(
      header.images[0]!.fitsKeywords.map((c) => [c.keyword, c.value]),
    );
    expect(cards).toMatchObject({
      IMAGETYP: 'Master Dark',
      EXPTIME: 300,
      'SET-TEMP': -10,
      NCOMBINE: 50,
      SWCREATE: "N.I.N.A. 3.1 / PixInsight's WBPP",
    });
    const { value } = await readXisfImage(source);
    expect(value.data[0]).toBe(500);
    expect(value.data[32 * 2 + 3]).toBe(500 + ((3 * 13 + 2 * 7) % 64));
  });
});
