import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  debianPython,
  hasCommand,
  hasPythonModule,
  requirePeer,
} from '../../../../test-support/external-tools.js';
import { bufferSource } from '../io/byte-source.js';
import { readFitsHeaders } from './hdu-reader.js';
import { readFitsImage } from './image-reader.js';
import { writeFits, type FitsWriteHdu } from './writer.js';

/** Deterministic pixels (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const W = 37;
const H = 23;
const random = prng(42);
const u16 = Uint16Array.from({ length: W * H }, (_, i) =>
  i === 0 ? 0 : i === 1 ? 65535 : Math.floor(1000 + random() * 3000),
);
const u8 = Uint8Array.from({ length: W * H }, () => Math.floor(random() * 256));
const i32 = Int32Array.from({ length: W * H }, (_, i) =>
  i === 0 ? -2147483648 : i === 1 ? 2147483647 : Math.floor((random() - 0.5) * 2e6),
);
const f32 = Float32Array.from({ length: W * H }, () => (random() - 0.3) * 1e4);
const f64 = Float64Array.from({ length: W * H }, () => random() * 1e-3);
const i64 = BigInt64Array.from(
  { length: W * H },
  (_, i) => BigInt(i) * 3_000_000_000_000n - 9_000_000_000_000_000n,
);

const nina: FitsWriteHdu['cards'] = [
  { keyword: 'IMAGETYP', value: 'LIGHT', comment: 'Type of exposure' },
  { keyword: 'EXPOSURE', value: 300, comment: '[s] Exposure duration' },
  { keyword: 'CCD-TEMP', value: -9.8, comment: '[degC] sensor temperature' },
  { keyword: 'OBJECT', value: "M 31 'Andromeda'" },
  { keyword: 'COMMENT', value: 'written by astrocat tests' },
  { keyword: 'HISTORY', comment: 'a history line' },
];

const cases: Array<[string, FitsWriteHdu[]]> = [
  ['bitpix8', [{ cards: nina, image: { bitpix: 8, axes: [W, H], data: u8 } }]],
  ['bitpix16u', [{ cards: nina, image: { bitpix: 16, axes: [W, H], data: u16 } }]],
  ['bitpix32', [{ cards: nina, image: { bitpix: 32, axes: [W, H], data: i32 } }]],
  ['bitpix64', [{ cards: nina, image: { bitpix: 64, axes: [W, H], data: i64 } }]],
  ['bitpix-32', [{ cards: nina, image: { bitpix: -32, axes: [W, H], data: f32 } }]],
  ['bitpix-64', [{ cards: nina, image: { bitpix: -64, axes: [W, H], data: f64 } }]],
  [
    'longstrings',
    [
      {
        cards: [
          ...nina,
          {
            keyword: 'NOTES',
            value: 'a long note that goes on and on '.repeat(6),
            comment: 'free text',
          },
        ],
      },
    ],
  ],
  ['rice', [{ cards: nina, image: { bitpix: 16, axes: [W, H], data: u16 }, compress: 'RICE_1' }]],
  ['gzip1', [{ cards: nina, image: { bitpix: 32, axes: [W, H], data: i32 }, compress: 'GZIP_1' }]],
  ['gzip2', [{ cards: nina, image: { bitpix: 16, axes: [W, H], data: u16 }, compress: 'GZIP_2' }]],
  ['rice8', [{ cards: [], image: { bitpix: 8, axes: [W, H], data: u8 }, compress: 'RICE_1' }]],
  ['rice32', [{ cards: [], image: { bitpix: 32, axes: [W, H], data: i32 }, compress: 'RICE_1' }]],
  [
    'multi',
    [
      { cards: nina },
      {
        cards: [{ keyword: 'EXTNAME', value: 'SCI' }],
        image: { bitpix: -32, axes: [W, H], data: f32 },
      },
    ],
  ],
];

const dir = mkdtempSync(join(tmpdir(), 'astrocat-fits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFits', () => {
  it.each(cases)('%s: blocks of 2880, readable back with identical pixels', async (_name, hdus) => {
    const bytes = writeFits(hdus);
    expect(bytes.length % 2880).toBe(0);
    const source = bufferSource(bytes);
    const { value: read, diagnostics } = await readFitsHeaders(source);
    expect(diagnostics).toEqual([]);
    const written = hdus.find((h) => h.image);
    if (!written?.image) {
      expect(read[0]?.header.getString('NOTES')).toBe(
        hdus[0]?.cards.find((c) => c.keyword === 'NOTES')?.value,
      );
      expect(read[0]?.header.getString('LONGSTRN')).toBe('OGIP 1.0');
      return;
    }
    const { value: image } = await readFitsImage(source);
    expect(image.axes).toEqual([W, H]);
    expect(image.data.constructor).toBe(written.image.data.constructor);
    expect(Array.from(image.data as ArrayLike<number>)).toEqual(
      Array.from(written.image.data as ArrayLike<number>),
    );
  });

  it('keeps card values, comments and commentary through a round trip', async () => {
    const { value } = await readFitsHeaders(bufferSource(writeFits(cases[1]?.[1] ?? [])));
    const header = value[0]?.header;
    expect(header?.getString('OBJECT')).toBe("M 31 'Andromeda'");
    expect(header?.getNumber('CCD-TEMP')).toBe(-9.8);
    expect(header?.get('EXPOSURE')?.comment).toBe('[s] Exposure duration');
    expect(header?.getAll('COMMENT').map((c) => c.comment)).toEqual(['written by astrocat tests']);
    expect(header?.getAll('HISTORY').map((c) => c.comment)).toEqual(['a history line']);
    expect(header?.getNumber('BZERO')).toBe(32768);
  });

  it('ignores structural keywords given by the caller', async () => {
    const bytes = writeFits([
      {
        cards: [
          { keyword: 'NAXIS', value: 5 },
          { keyword: 'BITPIX', value: -64 },
        ],
        image: { bitpix: 8, axes: [2, 1], data: [1, 2] },
      },
    ]);
    const { value } = await readFitsHeaders(bufferSource(bytes));
    expect(value[0]?.header.getAll('NAXIS')).toHaveLength(1);
    expect(value[0]?.header.getInt('BITPIX')).toBe(8);
  });

  it('refuses data that does not match the axes, and compressing floats', () => {
    expect(() => writeFits([{ cards: [], image: { bitpix: 8, axes: [3, 3], data: [1] } }])).toThrow(
      /axes/,
    );
    expect(() =>
      writeFits([
        { cards: [], image: { bitpix: -32, axes: [1, 1], data: [1] }, compress: 'RICE_1' },
      ]),
    ).toThrow(/tile compression/);
  });

  it.skipIf(!requirePeer('fitsverify', hasCommand('fitsverify', ['-h'])))(
    'every written file passes fitsverify with no errors or warnings',
    () => {
      for (const [name, hdus] of cases) {
        const path = join(dir, `${name}.fits`);
        writeFileSync(path, writeFits(hdus));
        let output: string;
        try {
          output = execFileSync('fitsverify', ['-q', path], { encoding: 'utf8' });
        } catch (error) {
          output = String((error as { stdout?: string }).stdout);
        }
        expect(output, name).toMatch(/verification OK/);
        expect(output, name).not.toMatch(/warning/i);
      }
    },
  );

  it.skipIf(!requirePeer('astropy', hasPythonModule('astropy')))(
    'astropy decodes our compressed and plain images to the same pixels',
    () => {
      const names = ['rice', 'gzip1', 'gzip2', 'rice8', 'rice32', 'bitpix16u', 'bitpix64'];
      for (const name of names)
        writeFileSync(
          join(dir, `${name}.fits`),
          writeFits(cases.find((c) => c[0] === name)?.[1] ?? []),
        );
      const script = [
        'import sys, json, numpy as np',
        'from astropy.io import fits',
        'out = {}',
        'for path in sys.argv[1:]:',
        '    with fits.open(path) as h:',
        '        img = next(x for x in h if x.data is not None)',
        '        out[path] = [str(v) for v in np.asarray(img.data).ravel().tolist()]',
        'print(json.dumps(out))',
      ].join('\n');
      const paths = names.map((n) => join(dir, `${n}.fits`));
      const result = JSON.parse(
        execFileSync(debianPython, ['-c', script, ...paths], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        }),
      ) as Record<string, string[]>;
      names.forEach((name, i) => {
        const hdus = cases.find((c) => c[0] === name)?.[1] ?? [];
        const data = hdus.find((h) => h.image)?.image?.data as ArrayLike<number>;
        expect(result[paths[i] as string], name).toEqual(Array.from(data, (v) => String(v)));
      });
    },
  );
});
