import { AstroError, ErrorCode } from '../errors/index.js';
import type { FitsHeader } from './fits-header.js';

/** One BINTABLE column as TFORMn describes it. */
export interface BintableColumn {
  name: string;
  /** Type letter: L X B I J K A E D C M, or P / Q for variable-length arrays. */
  type: string;
  /** For P / Q: the element type in the heap. */
  elementType: string | undefined;
  repeat: number;
  /** Byte offset of the field within a row. */
  offset: number;
  width: number;
}

const ELEMENT_BYTES: Record<string, number> = {
  L: 1,
  B: 1,
  I: 2,
  J: 4,
  K: 8,
  A: 1,
  E: 4,
  D: 8,
  C: 8,
  M: 16,
};
const TFORM = /^\s*(\d*)([LXBIJKAEDCMPQ])([LXBIJKAEDCM]?)/;

/** Bytes of one heap element of a type letter. */
export function elementBytes(type: string): number {
  return ELEMENT_BYTES[type] ?? 1;
}

/** Reads the TFORMn / TTYPEn columns of a BINTABLE header. */
export function parseColumns(header: FitsHeader): BintableColumn[] {
  const count = header.getInt('TFIELDS') ?? 0;
  const columns: BintableColumn[] = [];
  let offset = 0;
  for (let i = 1; i <= count; i++) {
    const form = header.getString(`TFORM${i}`) ?? '';
    const match = TFORM.exec(form.toUpperCase());
    if (!match)
      throw new AstroError(ErrorCode.FITS_BAD_HEADER, `cannot read TFORM${i} = '${form}'`);
    const repeat = match[1] === '' ? 1 : Number(match[1]);
    const type = match[2] ?? 'B';
    const variable = type === 'P' || type === 'Q';
    let width: number;
    if (variable) width = repeat === 0 ? 0 : type === 'P' ? 8 : 16;
    else if (type === 'X') width = Math.ceil(repeat / 8);
    else width = repeat * elementBytes(type);
    columns.push({
      name: (header.getString(`TTYPE${i}`) ?? '').trim().toUpperCase(),
      type,
      elementType: variable ? match[3] || 'B' : undefined,
      repeat,
      offset,
      width,
    });
    offset += width;
  }
  return columns;
}

/** Reads a P (32-bit) or Q (64-bit) descriptor: element count and heap offset. */
export function readDescriptor(
  view: DataView,
  at: number,
  type: string,
): { count: number; heapOffset: number } {
  if (type === 'P') return { count: view.getUint32(at), heapOffset: view.getUint32(at + 4) };
  return { count: Number(view.getBigUint64(at)), heapOffset: Number(view.getBigUint64(at + 8)) };
}
