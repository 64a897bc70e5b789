import { describe, expect, it } from 'vitest';
import { bufferSource } from '../io/byte-source.js';
import { readXisfHeader } from './header-reader.js';
import { readXisfImage } from './image-reader.js';
import type { XisfSampleFormat, XisfWriteImage } from './types.js';
import { writeXisf } from './writer.js';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX: Record<XisfSampleFormat, number> = {
  UInt8: 255,
  UInt16: 65535,
  UInt32: 0xffffffff,
  UInt64: Number.MAX_SAFE_INTEGER,
  Float32: 1,
  Float64: 1,
  Complex32: 1,
  Complex64: 1,
};

/** Sky-like samples: a smooth background with noise and a few saturated "stars". */
function makeSamples(format: XisfSampleFormat, count: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const max = MAX[format];
  const integer = format.startsWith('UInt');
  return Array.from({ length: count }, (_, i) => {
    const level = i % 23 === 0 ? 1 : 0.1 + 0.05 * Math.sin(i / 9) + 0.02 * rand();
    if (!integer)
      return format.endsWith('32')
        ? Math.fround(level * (rand() < 0.5 ? 1 : -1))
        : level - rand() / 3;
    return Math.min(max, Math.floor(level * max));
  });
}

const FORMATS: XisfSampleFormat[] = [
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float32',
  'Float64',
  'Complex32',
  'Complex64',
];
const CODECS = [undefined, 'zlib', 'lz4', 'lz4hc', 'zstd'] as const;
const CHECKSUMS = [undefined, 'sha-1', 'sha-256', 'sha-512'] as const;

function expectSamples(actual: ArrayLike<number | bigint>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  const got = Array.from(actual, (v) => (typeof v === 'bigint' ? Number(v) : v));
  expect(got).toEqual(expected);
}

describe('writeXisf → readXisfImage round trip', () => {
  it.each(FORMATS)(
    'restores %s samples exactly for every codec × shuffle × checksum',
    async (format) => {
      const [width, height, channels] = [7, 5, 3];
      const components = format.startsWith('Complex') ? 2 : 1;
      const data = makeSamples(
        format,
        width * height * channels * components,
        FORMATS.indexOf(format) + 1,
      );
      let combinations = 0;
      for (const compression of CODECS) {
        for (const shuffle of compression ? [false, true] : [false]) {
          for (const checksum of CHECKSUMS) {
            const image: XisfWriteImage = { width, height, channels, sampleFormat: format, data };
            if (compression) image.compression = compression;
            if (shuffle) image.shuffle = true;
            if (checksum) image.checksum = checksum;
            const bytes = writeXisf([image]);
            const { value: header } = await readXisfHeader(bufferSource(bytes));
            const info = header.images[0]!;
            expect(info.colorSpace).toBe('RGB');
            expect(info.compression?.codec).toBe(compression);
            expect(info.compression?.shuffled ?? false).toBe(shuffle);
            expect(info.checksum?.algorithm).toBe(checksum);
            const { value, diagnostics } = await readXisfImage(bufferSource(bytes));
            expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
            expect(value).toMatchObject({ width, height, channels, sampleFormat: format });
            expectSamples(value.data, data);
            combinations++;
          }
        }
      }
      expect(combinations).toBe(4 + 4 * 2 * 4);
    },
  );

  it('keeps several images, keywords with quotes and typed properties', async () => {
    const gray: XisfWriteImage = {
      width: 3,
      height: 2,
      sampleFormat: 'UInt16',
      data: [0, 1, 2, 65535, 4, 5],
      imageType: 'MasterFlat',
      compression: 'lz4',
      shuffle: true,
      checksum: 'sha-256',
      fitsKeywords: [
        {
          keyword: 'OBJECT',
          value: 'Barnard\'s Loop / <Orion> & "friends"',
          comment: "it's a comment / with slash",
        },
        { keyword: 'EXPTIME', value: 120.5, comment: '[s]' },
        { keyword: 'GAIN', value: 100 },
        { keyword: 'ROWORDER', value: 'TOP-DOWN' },
        { keyword: 'FLIPPED', value: false },
        { keyword: 'HISTORY', value: null, comment: 'line one\nline two' },
      ],
      properties: [
        { id: 'Observation:Object:Name', type: 'String', value: 'M 42 — Orion Nebula' },
        { id: 'Instrument:ExposureTime', type: 'Float32', value: 120.5 },
        { id: 'Instrument:Camera:Gain', type: 'UInt16', value: 100 },
        {
          id: 'Instrument:Sensor:TargetTemperature',
          type: 'Int32',
          value: -10,
          comment: 'set point',
        },
        { id: 'PCL:Calibrated', type: 'Boolean', value: true },
        { id: 'Observation:Time:Start', type: 'TimePoint', value: '2024-10-05T21:14:03.123Z' },
        { id: 'Weird', type: 'Float64', value: -Infinity },
      ],
    };
    const color: XisfWriteImage = {
      width: 1,
      height: 1,
      channels: 3,
      sampleFormat: 'Float32',
      data: [0.25, 0.5, 0.75],
      bounds: [0, 2],
    };
    const bytes = writeXisf([gray, color], {
      creatorApplication: 'astrocat test',
      creationTime: new Date('2024-10-06T08:00:00Z'),
    });
    const { value: header, diagnostics } = await readXisfHeader(bufferSource(bytes));
    expect(diagnostics).toEqual([]);
    expect(header.images).toHaveLength(2);
    expect(header.images[0]!.imageType).toBe('MasterFlat');
    expect(header.images[0]!.fitsKeywords).toEqual(
      gray.fitsKeywords!.map((card) =>
        card.comment === undefined ? { keyword: card.keyword, value: card.value } : card,
      ),
    );
    expect(header.images[0]!.properties).toEqual(gray.properties);
    expect(header.images[1]).toMatchObject({
      channels: 3,
      colorSpace: 'RGB',
      bounds: [0, 2],
      fitsKeywords: [],
    });
    expect(header.metadata).toEqual([
      { id: 'XISF:CreationTime', type: 'TimePoint', value: '2024-10-06T08:00:00.000Z' },
      { id: 'XISF:CreatorApplication', type: 'String', value: 'astrocat test' },
    ]);
    expectSamples((await readXisfImage(bufferSource(bytes), 1)).value.data, [0.25, 0.5, 0.75]);
    expectSamples((await readXisfImage(bufferSource(bytes), 0)).value.data, [0, 1, 2, 65535, 4, 5]);
  });

  it('writes byte-identical files for identical input and a fixed creation time', () => {
    const image: XisfWriteImage = {
      width: 2,
      height: 2,
      sampleFormat: 'UInt8',
      data: [1, 2, 3, 4],
      compression: 'zlib',
    };
    const creationTime = new Date('2024-01-01T00:00:00Z');
    expect(
      Buffer.compare(writeXisf([image], { creationTime }), writeXisf([image], { creationTime })),
    ).toBe(0);
  });

  it('compresses smooth 16-bit data, better with shuffling', () => {
    const data = Array.from({ length: 256 * 256 }, (_, i) => 1000 + ((i * 7) % 50));
    const size = (shuffle: boolean): number =>
      writeXisf([
        { width: 256, height: 256, sampleFormat: 'UInt16', data, compression: 'lz4', shuffle },
      ]).length;
    const plain = writeXisf([{ width: 256, height: 256, sampleFormat: 'UInt16', data }]).length;
    expect(size(false)).toBeLessThan(plain);
    expect(size(true)).toBeLessThan(size(false));
  });

  it.each([
    [
      'a sample out of range',
      { width: 1, height: 1, sampleFormat: 'UInt8', data: [256] },
      /does not fit UInt8/,
    ],
    [
      'a fractional integer sample',
      { width: 1, height: 1, sampleFormat: 'UInt16', data: [1.5] },
      /does not fit/,
    ],
    [
      'the wrong sample count',
      { width: 2, height: 2, sampleFormat: 'Float32', data: [1, 2, 3] },
      /expected 4/,
    ],
    ['a zero width', { width: 0, height: 2, sampleFormat: 'UInt8', data: [] }, /positive integers/],
    [
      'shuffle without compression',
      { width: 1, height: 1, sampleFormat: 'UInt16', data: [1], shuffle: true },
      /shuffle needs/,
    ],
    [
      'a valueless property',
      {
        width: 1,
        height: 1,
        sampleFormat: 'UInt8',
        data: [1],
        properties: [{ id: 'X', type: 'Int32', value: null }],
      },
      /no value/,
    ],
  ] as Array<[string, XisfWriteImage, RegExp]>)(
    'refuses %s with INVALID_ARGUMENT',
    (_name, image, message) => {
      expect(() => writeXisf([image])).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(message),
        }),
      );
    },
  );
});
