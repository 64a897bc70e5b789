import { AstroError, ErrorCode } from '../../errors/index.js';
import {
  parseColumns,
  readDescriptor,
  elementBytes,
  type BintableColumn,
} from '../bintable-columns.js';
import { decodeBigEndian, type RawPixels } from '../endian.js';
import type { FitsHeader } from '../fits-header.js';
import { compressionType, SUPPORTED_COMPRESSION } from './compressed-header.js';
import { unquantize, type QuantizeMethod } from './dither.js';
import { gunzipTile, unshuffle } from './gzip.js';
import { riceDecode, type RiceBytepix } from './rice.js';

interface Layout {
  axes: number[];
  tile: number[];
  tilesPerAxis: number[];
}

/**
 * Decodes a tile-compressed image from its BINTABLE bytes (`data` = table rows then heap) into
 * the stored values of the image: integers of ZBITPIX's width, or floats for float images
 * (quantized ones restored with ZSCALE/ZZERO and the dither sequence). BSCALE/BZERO of the image
 * header are applied later, as for an uncompressed image.
 */
export function decodeCompressedImage(table: FitsHeader, data: Uint8Array): RawPixels {
  const type = compressionType(table);
  if (!SUPPORTED_COMPRESSION.has(type)) {
    throw new AstroError(
      ErrorCode.UNSUPPORTED_COMPRESSION,
      `${type || 'unnamed'} compression is not supported`,
      { details: { compression: type } },
    );
  }
  const bitpix = table.getInt('ZBITPIX') ?? 0;
  const layout = layoutOf(table);
  const total = layout.axes.reduce((a, b) => a * b, 1);
  const out = allocate(bitpix, total);
  const columns = parseColumns(table);
  const column = (name: string): BintableColumn | undefined => columns.find((c) => c.name === name);
  const compressed = column('COMPRESSED_DATA');
  const gzipped = column('GZIP_COMPRESSED_DATA');
  const uncompressed = column('UNCOMPRESSED_DATA');
  const scaleColumn = column('ZSCALE');
  const zeroColumn = column('ZZERO');
  const blankColumn = column('ZBLANK');

  const rowBytes = table.getInt('NAXIS1') ?? 0;
  const rows = table.getInt('NAXIS2') ?? 0;
  const heapStart = table.getInt('THEAP') ?? rowBytes * rows;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const method = quantizeMethod(table);
  const dither0 = table.getInt('ZDITHER0') ?? 1;
  const options = zOptions(table);
  const bytepix = (options.get('BYTEPIX') ??
    (Math.abs(bitpix) === 8 ? 1 : Math.abs(bitpix) === 16 ? 2 : 4)) as RiceBytepix;
  const blockSize = options.get('BLOCKSIZE') ?? 32;
  // Every descriptor and scalar below is read inside the rows, so damaged sizes stop here.
  const rowWidth = columns.reduce((sum, col) => sum + col.width, 0);
  if (rowWidth !== rowBytes)
    throw new AstroError(
      ErrorCode.FITS_BAD_HEADER,
      `the compressed table's columns (TFORMn) take ${rowWidth} bytes a row, but NAXIS1 is ${rowBytes}`,
    );
  if (rowBytes * rows > data.length)
    throw new AstroError(
      ErrorCode.TRUNCATED,
      `the compressed table needs ${rowBytes * rows} bytes for its rows, but its data holds ${data.length}`,
    );
  const tileCount = layout.tilesPerAxis.reduce((a, b) => a * b, 1);
  if (rows < tileCount)
    throw new AstroError(ErrorCode.TRUNCATED, `the table has ${rows} rows for ${tileCount} tiles`);

  for (let t = 0; t < tileCount; t++) {
    const rowAt = t * rowBytes;
    const { start, size } = tileBox(layout, t);
    const count = size.reduce((a, b) => a * b, 1);
    const heapBytes = (col: BintableColumn | undefined): Uint8Array | undefined => {
      if (!col || col.width === 0) return undefined;
      const d = readDescriptor(view, rowAt + col.offset, col.type);
      if (d.count === 0) return undefined;
      const from = heapStart + d.heapOffset;
      const length = d.count * elementBytes(col.elementType ?? 'B');
      if (from + length > data.length)
        throw new AstroError(ErrorCode.TRUNCATED, `tile ${t + 1} lies beyond the heap`);
      return data.subarray(from, from + length);
    };
    const scalar = (col: BintableColumn | undefined, keyword: string): number | undefined => {
      if (col)
        return col.type === 'D'
          ? view.getFloat64(rowAt + col.offset)
          : col.type === 'E'
            ? view.getFloat32(rowAt + col.offset)
            : view.getInt32(rowAt + col.offset);
      return table.getNumber(keyword);
    };

    let pixels: ArrayLike<number> | BigInt64Array;
    const bytes = heapBytes(compressed);
    const scale = scalar(scaleColumn, 'ZSCALE');
    const quantized = bitpix < 0 && scale !== undefined && method !== undefined;
    if (bytes && type !== 'NOCOMPRESS') {
      pixels = decodeTile(type, bytes, count, quantized ? 32 : bitpix, bytepix, blockSize);
    } else if (bytes) {
      pixels = decodeBigEndian(bytes, heapBitpix(compressed?.elementType), count);
    } else {
      const raw = heapBytes(gzipped);
      if (raw) pixels = decodeBigEndian(gunzipTile(raw), bitpix, count);
      else {
        const plain = heapBytes(uncompressed);
        if (!plain) throw new AstroError(ErrorCode.FITS_BAD_HEADER, `tile ${t + 1} has no data`);
        pixels = decodeBigEndian(plain, heapBitpix(uncompressed?.elementType), count);
      }
    }
    if (quantized && bytes && !(pixels instanceof BigInt64Array)) {
      const floats = bitpix === -32 ? new Float32Array(count) : new Float64Array(count);
      const zero = scalar(zeroColumn, 'ZZERO') ?? 0;
      unquantize(pixels, floats, {
        method,
        scale,
        zero,
        blank: scalar(blankColumn, 'ZBLANK'),
        tile: t,
        dither0,
      });
      pixels = floats;
    }
    place(out, pixels, layout.axes, start, size);
  }
  return out;
}

function decodeTile(
  type: string,
  bytes: Uint8Array,
  count: number,
  bitpix: number,
  bytepix: RiceBytepix,
  blockSize: number,
): ArrayLike<number> | BigInt64Array {
  if (type === 'RICE_1' || type === 'RICE_ONE') return riceDecode(bytes, count, blockSize, bytepix);
  const plain = gunzipTile(bytes);
  // The element width is what the writer stored (quantized floats are 4-byte integers).
  const width = Math.max(1, Math.round(plain.length / Math.max(1, count)));
  const ordered = type === 'GZIP_2' && width > 1 ? unshuffle(plain, width) : plain;
  return decodeBigEndian(ordered, bitpix < 0 ? bitpix : width * 8, count);
}

function heapBitpix(elementType: string | undefined): number {
  switch (elementType) {
    case 'I':
      return 16;
    case 'J':
      return 32;
    case 'K':
      return 64;
    case 'E':
      return -32;
    case 'D':
      return -64;
    default:
      return 8;
  }
}

function allocate(bitpix: number, n: number): RawPixels {
  switch (bitpix) {
    case 8:
      return new Uint8Array(n);
    case 16:
      return new Int16Array(n);
    case 32:
      return new Int32Array(n);
    case 64:
      return new BigInt64Array(n);
    case -32:
      return new Float32Array(n);
    case -64:
      return new Float64Array(n);
    default:
      throw new AstroError(ErrorCode.FITS_BAD_HEADER, `invalid ZBITPIX ${bitpix}`);
  }
}

function layoutOf(table: FitsHeader): Layout {
  const naxis = table.getInt('ZNAXIS');
  if (naxis === undefined || naxis < 1 || naxis > 999)
    throw new AstroError(
      ErrorCode.FITS_BAD_HEADER,
      `compressed image: ${cardText(table, 'ZNAXIS')}; expected 1 to 999 axes`,
    );
  const axes: number[] = [];
  const tile: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    const n = table.getInt(`ZNAXIS${i}`);
    if (n === undefined || n < 0)
      throw new AstroError(
        ErrorCode.FITS_BAD_HEADER,
        `compressed image: ${cardText(table, `ZNAXIS${i}`)}; expected a length of 0 or more`,
      );
    axes.push(n);
    // Default tiles are whole rows: ZTILE1 = ZNAXIS1, every other axis 1.
    tile.push(Math.max(1, Math.min(n, table.getInt(`ZTILE${i}`) ?? (i === 1 ? n : 1))));
  }
  return { axes, tile, tilesPerAxis: axes.map((n, i) => Math.ceil(n / (tile[i] ?? 1))) };
}

/** A card as stored, for an error message, or that it is missing. */
function cardText(table: FitsHeader, keyword: string): string {
  const card = table.get(keyword);
  return card ? `"${card.raw.trimEnd()}"` : `${keyword} missing`;
}

function tileBox(layout: Layout, t: number): { start: number[]; size: number[] } {
  const start: number[] = [];
  const size: number[] = [];
  let rest = t;
  for (let i = 0; i < layout.axes.length; i++) {
    const per = layout.tilesPerAxis[i] ?? 1;
    const k = rest % per;
    rest = Math.floor(rest / per);
    const tile = layout.tile[i] ?? 1;
    start.push(k * tile);
    size.push(Math.min(tile, (layout.axes[i] ?? 0) - k * tile));
  }
  return { start, size };
}

/** Copies a tile into the image, one contiguous run along axis 1 at a time. */
function place(
  out: RawPixels,
  tile: ArrayLike<number> | BigInt64Array,
  axes: number[],
  start: number[],
  size: number[],
): void {
  const dims = axes.length;
  const counter = new Array<number>(dims).fill(0);
  const run = size[0] ?? 0;
  // An empty run would never advance; layoutOf rejects the headers that could lead here.
  if (run <= 0) return;
  const target = out as unknown as { [i: number]: number | bigint };
  const source = tile as unknown as { [i: number]: number | bigint };
  const toBig = out instanceof BigInt64Array && !(tile instanceof BigInt64Array);
  for (let from = 0; from < tile.length; from += run) {
    let at = 0;
    let stride = 1;
    for (let d = 0; d < dims; d++) {
      at += ((start[d] ?? 0) + (d === 0 ? 0 : (counter[d] ?? 0))) * stride;
      stride *= axes[d] ?? 1;
    }
    for (let i = 0; i < run; i++) {
      const v = source[from + i] as number | bigint;
      target[at + i] = toBig ? BigInt(v as number) : v;
    }
    for (let d = 1; d < dims; d++) {
      counter[d] = (counter[d] ?? 0) + 1;
      if ((counter[d] ?? 0) < (size[d] ?? 1)) break;
      counter[d] = 0;
    }
  }
}

function quantizeMethod(table: FitsHeader): QuantizeMethod | undefined {
  const name = (table.getString('ZQUANTIZ') ?? 'NO_DITHER').trim().toUpperCase();
  if (name === 'NONE') return undefined;
  if (name === 'SUBTRACTIVE_DITHER_1' || name === 'SUBTRACTIVE_DITHER_2') return name;
  return 'NO_DITHER';
}

/** ZNAMEi / ZVALi pairs (BLOCKSIZE, BYTEPIX, ...). */
function zOptions(table: FitsHeader): Map<string, number> {
  const options = new Map<string, number>();
  for (let i = 1; ; i++) {
    const name = table.getString(`ZNAME${i}`);
    if (name === undefined) break;
    const value = table.getNumber(`ZVAL${i}`);
    if (value !== undefined) options.set(name.trim().toUpperCase(), value);
  }
  return options;
}
