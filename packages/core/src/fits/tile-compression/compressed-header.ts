import type { FitsCard, FitsValue } from '../card.js';
import { FitsHeader } from '../fits-header.js';
import { formatCard } from '../format-card.js';

/** Compression algorithms of the tiled-image convention, and whether we decode them. */
export const SUPPORTED_COMPRESSION = new Set([
  'RICE_1',
  'RICE_ONE',
  'GZIP_1',
  'GZIP_2',
  'NOCOMPRESS',
]);

/** Table and bookkeeping keywords that describe the storage, not the image. */
const DROPPED =
  /^(XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|TFIELDS|THEAP|CHECKSUM|DATASUM|ZIMAGE|ZCMPTYPE|ZQUANTIZ|ZDITHER0|ZBLANK|ZMASKCMP|ZTILE\d+|ZNAME\d+|ZVAL\d+|ZSIMPLE|ZTENSION|ZBITPIX|ZNAXIS\d*|ZPCOUNT|ZGCOUNT|ZEXTEND|T(TYPE|FORM|UNIT|SCAL|ZERO|NULL|DIM|DISP)\d+)$/;
/** Z keywords that keep their meaning under the image's own name. */
const RENAMED: Record<string, string> = {
  ZHECKSUM: 'CHECKSUM',
  ZDATASUM: 'DATASUM',
  ZBLOCKED: 'BLOCKED',
};

/**
 * Builds the header of the image stored in a ZIMAGE table: ZBITPIX, ZNAXISn, ... become BITPIX,
 * NAXISn, ...; table columns and compression bookkeeping go; every other card stays in order.
 */
export function imageHeaderFromTable(table: FitsHeader): FitsHeader {
  const out: FitsCard[] = [];
  const add = (
    keyword: string,
    value: FitsValue,
    source: FitsCard | undefined,
    fallback?: string,
  ): void => {
    const comment = source?.comment || fallback;
    const raw = formatCard(keyword, value, comment)[0] ?? '';
    out.push({ index: out.length, keyword, value, comment, raw, kind: 'value' });
  };

  const zsimple = table.get('ZSIMPLE');
  if (zsimple) add('SIMPLE', true, zsimple);
  else
    add(
      'XTENSION',
      table.getString('ZTENSION') ?? 'IMAGE',
      table.get('ZTENSION'),
      'Image extension',
    );
  add('BITPIX', table.getInt('ZBITPIX') ?? 0, table.get('ZBITPIX'));
  const naxis = table.getInt('ZNAXIS') ?? 0;
  add('NAXIS', naxis, table.get('ZNAXIS'));
  for (let i = 1; i <= naxis; i++)
    add(`NAXIS${i}`, table.getInt(`ZNAXIS${i}`) ?? 0, table.get(`ZNAXIS${i}`));
  if (zsimple) {
    const zextend = table.get('ZEXTEND');
    if (zextend) add('EXTEND', zextend.value ?? true, zextend);
  } else {
    add('PCOUNT', table.getInt('ZPCOUNT') ?? 0, table.get('ZPCOUNT'));
    add('GCOUNT', table.getInt('ZGCOUNT') ?? 1, table.get('ZGCOUNT'));
  }

  for (const card of table.cards) {
    if (card.kind === 'end') continue;
    if (card.kind === 'value' && DROPPED.test(card.keyword)) continue;
    // The writer's default name says "compressed", which the image itself is not.
    if (card.keyword === 'EXTNAME' && card.value === 'COMPRESSED_IMAGE') continue;
    const renamed = RENAMED[card.keyword];
    if (renamed && card.kind === 'value') add(renamed, card.value ?? null, card);
    else out.push({ ...card, index: out.length });
  }
  out.push({
    index: out.length,
    keyword: 'END',
    value: undefined,
    comment: undefined,
    raw: 'END'.padEnd(80),
    kind: 'end',
  });
  return new FitsHeader(out);
}

/** The compression algorithm named by a ZIMAGE table, upper-cased and trimmed. */
export function compressionType(table: FitsHeader): string {
  return (table.getString('ZCMPTYPE') ?? '').trim().toUpperCase();
}
