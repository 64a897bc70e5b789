import { describe, expect, it } from 'vitest';
import { bufferSource, type ByteSource } from '../io/byte-source.js';
import { readXisfHeader } from './header-reader.js';
import { writeXisf } from './writer.js';

function countingSource(bytes: Uint8Array): { source: ByteSource; reads: Array<[number, number]> } {
  const inner = bufferSource(bytes);
  const reads: Array<[number, number]> = [];
  return {
    reads,
    source: {
      size: inner.size,
      read: (offset, length) => {
        reads.push([offset, length]);
        return inner.read(offset, length);
      },
      close: () => inner.close(),
    },
  };
}

function preamble(headerLength: number, reserved = 0): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes.set(new TextEncoder().encode('XISF0100'));
  new DataView(bytes.buffer).setUint32(8, headerLength, true);
  new DataView(bytes.buffer).setUint32(12, reserved, true);
  return bytes;
}

/** A typical master's header: about 100 keywords, a dozen properties, 2k×1.5k pixels. */
function typicalMasterHeader(): Uint8Array {
  const fitsKeywords = Array.from({ length: 100 }, (_, i) => ({
    keyword: `KEY${String(i).padStart(3, '0')}`,
    value: i % 3 === 0 ? `text value ${i} with 'quotes'` : i % 3 === 1 ? i * 1.5 : i % 2 === 0,
    comment: `comment number ${i}`,
  }));
  const properties = Array.from({ length: 12 }, (_, i) => ({
    id: `Test:Property${i}`,
    type: 'Float64',
    value: i / 7,
  }));
  const bytes = writeXisf([
    { width: 1, height: 1, sampleFormat: 'UInt16', data: [0], fitsKeywords, properties },
  ]);
  // Pretend the block is a full 2048x1536 frame: the header never looks at it.
  const xml = new TextDecoder().decode(
    bytes.subarray(16, 16 + new DataView(bytes.buffer).getUint32(8, true)),
  );
  const big = new TextEncoder().encode(
    xml.replace('geometry="1:1:1"', 'geometry="2048:1536:1"').replace(/:2"/, ':6291456"'),
  );
  const out = new Uint8Array(16 + big.length + 6_291_456 + 64);
  out.set(preamble(big.length));
  out.set(big, 16);
  return out;
}

describe('readXisfHeader', () => {
  it('reads only the preamble and the XML, never the data block', async () => {
    const file = typicalMasterHeader();
    const { source, reads } = countingSource(file);
    const { value } = await readXisfHeader(source);
    expect(value.images[0]!.width).toBe(2048);
    expect(value.images[0]!.fitsKeywords).toHaveLength(100);
    const bytesRead = reads.reduce((sum, [, length]) => sum + length, 0);
    expect(bytesRead).toBe(16 + value.headerLength);
    expect(Math.max(...reads.map(([offset, length]) => offset + length))).toBe(
      16 + value.headerLength,
    );
    expect(file.length).toBeGreaterThan(6_000_000);
  });

  it('ignores zero padding counted in the header length', async () => {
    const xml = new TextEncoder().encode(
      '<xisf version="1.0" xmlns="http://www.pixinsight.com/xisf"><Metadata/></xisf>',
    );
    const file = new Uint8Array(16 + xml.length + 100);
    file.set(preamble(xml.length + 100));
    file.set(xml, 16);
    const { value } = await readXisfHeader(bufferSource(file));
    expect(value.images).toEqual([]);
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'EMPTY_FILE'],
    ['a FITS file', new TextEncoder().encode('SIMPLE  =                    T'), 'XISF_NOT_XISF'],
    ['a cut signature', new TextEncoder().encode('XISF01'), 'TRUNCATED'],
    ['a cut preamble', new TextEncoder().encode('XISF0100\x10\x00'), 'TRUNCATED'],
    [
      'a header longer than the file',
      new Uint8Array([...preamble(500), ...new TextEncoder().encode('<xisf')]),
      'TRUNCATED',
    ],
    ['a zero header length', preamble(0), 'XISF_BAD_HEADER'],
    [
      'a header that is not UTF-8',
      new Uint8Array([...preamble(4), 0xff, 0xfe, 0xfd, 0x3c]),
      'XISF_BAD_HEADER',
    ],
  ])('rejects %s', async (_name, bytes, code) => {
    await expect(readXisfHeader(bufferSource(bytes))).rejects.toMatchObject({
      name: 'AstroError',
      code,
    });
  });

  it('warns about non-zero reserved bytes', async () => {
    const xml = new TextEncoder().encode(
      '<xisf version="1.0" xmlns="http://www.pixinsight.com/xisf"><Metadata/></xisf>',
    );
    const file = new Uint8Array([...preamble(xml.length, 7), ...xml]);
    const { diagnostics } = await readXisfHeader(bufferSource(file));
    expect(diagnostics.map((d) => d.code)).toEqual(['XISF_RESERVED']);
  });
});
