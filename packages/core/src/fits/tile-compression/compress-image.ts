import { AstroError, ErrorCode } from '../../errors/index.js';
import type { FitsValue } from '../card.js';
import { encodeBigEndian, type RawPixels } from '../endian.js';
import { gzipTile } from './gzip.js';
import { riceEncode, type RiceBytepix } from './rice.js';

export type WriteCompression = 'RICE_1' | 'GZIP_1' | 'GZIP_2';

export interface CompressedTable {
  /** Structural and Z cards of the BINTABLE, in order. */
  cards: Array<[string, FitsValue, string]>;
  /** Table rows followed by the heap, unpadded. */
  data: Uint8Array;
}

const RICE_BLOCK = 32;

/**
 * Tile-compresses integer stored values row by row (ZTILE1 = NAXIS1, ZTILE2.. = 1, the layout
 * fpack uses by default) into a ZIMAGE BINTABLE. Lossless; floats are refused because they
 * would need quantization.
 */
export function compressImage(
  stored: RawPixels,
  bitpix: number,
  axes: number[],
  type: WriteCompression,
): CompressedTable {
  if (bitpix < 0 || bitpix === 64) {
    throw new AstroError(
      ErrorCode.INVALID_ARGUMENT,
      `tile compression is written for BITPIX 8, 16 and 32 only, not ${bitpix}`,
    );
  }
  const width = axes[0] ?? 0;
  const tiles = width === 0 ? 0 : stored.length / width;
  const bytepix = (bitpix / 8) as RiceBytepix;
  const blobs: Uint8Array[] = [];
  for (let t = 0; t < tiles; t++) {
    const tile = stored.subarray(t * width, (t + 1) * width) as
      Uint8Array | Int16Array | Int32Array;
    if (type === 'RICE_1') blobs.push(riceEncode(tile, RICE_BLOCK, bytepix));
    else blobs.push(gzipTile(encodeBigEndian(tile), type === 'GZIP_2' ? bytepix : undefined));
  }
  const heapLength = blobs.reduce((sum, b) => sum + b.length, 0);
  const data = new Uint8Array(tiles * 8 + heapLength);
  const view = new DataView(data.buffer);
  let heapOffset = 0;
  blobs.forEach((blob, t) => {
    view.setUint32(t * 8, blob.length);
    view.setUint32(t * 8 + 4, heapOffset);
    data.set(blob, tiles * 8 + heapOffset);
    heapOffset += blob.length;
  });
  const longest = blobs.reduce((max, b) => Math.max(max, b.length), 0);

  const cards: CompressedTable['cards'] = [
    ['XTENSION', 'BINTABLE', 'binary table extension'],
    ['BITPIX', 8, '8-bit bytes'],
    ['NAXIS', 2, '2-dimensional binary table'],
    ['NAXIS1', 8, 'width of table in bytes'],
    ['NAXIS2', tiles, 'number of rows in table'],
    ['PCOUNT', heapLength, 'size of special data area'],
    ['GCOUNT', 1, 'one data group'],
    ['TFIELDS', 1, 'number of fields in each row'],
    ['TTYPE1', 'COMPRESSED_DATA', 'label for field 1'],
    ['TFORM1', `1PB(${longest})`, 'data format of field: variable length array'],
    ['ZIMAGE', true, 'extension contains compressed image'],
    ['ZBITPIX', bitpix, 'data type of original image'],
    ['ZNAXIS', axes.length, 'dimension of original image'],
    ...axes.map((n, i): [string, FitsValue, string] => [
      `ZNAXIS${i + 1}`,
      n,
      'length of original image axis',
    ]),
    ...axes.map((n, i): [string, FitsValue, string] => [
      `ZTILE${i + 1}`,
      i === 0 ? n : 1,
      'size of tiles to be compressed',
    ]),
    ['ZCMPTYPE', type, 'compression algorithm'],
  ];
  if (type === 'RICE_1') {
    cards.push(
      ['ZNAME1', 'BLOCKSIZE', 'compression block size'],
      ['ZVAL1', RICE_BLOCK, 'pixels per block'],
    );
    cards.push(
      ['ZNAME2', 'BYTEPIX', 'bytes per pixel (1, 2, 4, or 8)'],
      ['ZVAL2', bytepix, 'bytes per pixel (1, 2, 4, or 8)'],
    );
  }
  return { cards, data };
}
