import type { HeaderCard } from '../metadata/frame-record.js';
import type { FitsCard } from './card.js';

/** Normalizes a lookup key: upper-case, `HIERARCH ` prefix dropped, inner spaces collapsed. */
function normalizeKey(keyword: string): string {
  const upper = keyword.trim().replace(/\s+/g, ' ').toUpperCase();
  return upper.startsWith('HIERARCH ') ? upper.slice(9) : upper;
}

// Callers look up the same few dozen keywords in every header of a scan: remember them.
const lookupKeys = new Map<string, string>();
function lookupKey(keyword: string): string {
  let key = lookupKeys.get(keyword);
  if (key === undefined) {
    key = normalizeKey(keyword);
    if (lookupKeys.size >= 1024) lookupKeys.clear();
    lookupKeys.set(keyword, key);
  }
  return key;
}

/**
 * Every card of one HDU header in order, plus typed lookups by keyword. Lookups return the
 * first card of a keyword, as most readers do when a file repeats one.
 *
 * @example
 * ```ts
 * const exposureSec = header.getNumber('EXPTIME') ?? header.getNumber('EXPOSURE');
 * const history = header.getAll('HISTORY').map((c) => c.comment);
 * ```
 */
export class FitsHeader {
  readonly cards: FitsCard[];
  #first: Map<string, FitsCard> | undefined;

  constructor(cards: FitsCard[]) {
    this.cards = cards;
  }

  get(keyword: string): FitsCard | undefined {
    if (this.#first === undefined) {
      // Built on first lookup so that headers nobody queries cost nothing.
      this.#first = new Map();
      for (const card of this.cards) {
        if (card.kind === 'blank' || card.kind === 'end') continue;
        if (!this.#first.has(card.keyword)) this.#first.set(card.keyword, card);
      }
    }
    return this.#first.get(lookupKey(keyword));
  }

  has(keyword: string): boolean {
    return this.get(keyword) !== undefined;
  }

  getString(keyword: string): string | undefined {
    const value = this.get(keyword)?.value;
    return typeof value === 'string' ? value : undefined;
  }

  /** Integers, floats and big integers (the last rounded to the nearest double). */
  getNumber(keyword: string): number | undefined {
    const value = this.get(keyword)?.value;
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    return undefined;
  }

  /** An integral value that fits a double exactly, else undefined. */
  getInt(keyword: string): number | undefined {
    const value = this.getNumber(keyword);
    return value !== undefined && Number.isSafeInteger(value) ? value : undefined;
  }

  getBoolean(keyword: string): boolean | undefined {
    const value = this.get(keyword)?.value;
    return typeof value === 'boolean' ? value : undefined;
  }

  /** Every card with this keyword, in order: the way to read COMMENT and HISTORY text. */
  getAll(keyword: string): FitsCard[] {
    const key = lookupKey(keyword);
    return this.cards.filter((card) => card.keyword === key);
  }

  /**
   * Cards as the metadata layer wants them: END and empty blank cards left out, commentary text in
   * `comment` (with a null value), big integers and complex values as text so nothing is rounded.
   */
  toHeaderCards(): HeaderCard[] {
    const out: HeaderCard[] = [];
    for (const card of this.cards) {
      if (card.kind === 'end' || (card.kind === 'blank' && !card.comment)) continue;
      const value = card.value;
      let plain: HeaderCard['value'];
      if (value === undefined || value === null) plain = null;
      else if (typeof value === 'bigint') plain = value.toString();
      else if (typeof value === 'object') plain = `(${value.re}, ${value.im})`;
      else plain = value;
      const headerCard: HeaderCard = { keyword: card.keyword, value: plain };
      if (card.comment !== undefined && card.comment !== '') headerCard.comment = card.comment;
      out.push(headerCard);
    }
    return out;
  }
}
