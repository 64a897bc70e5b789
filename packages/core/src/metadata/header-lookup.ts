import type { HeaderCard } from './frame-record.js';

/**
 * A keyword map over a header, built once per frame. The first occurrence of a keyword wins (as
 * astropy and cfitsio read it); HISTORY cards are kept apart, in order.
 *
 * Keywords the normalizer knows are registered once in a shared slot table, so building the
 * map is one Map probe per card and each field read is an array index: cataloging runs this
 * for every file, so it allocates almost nothing.
 */
export class HeaderLookup {
  private readonly generation: number;
  private readonly stamps: Int32Array;
  private others: Map<string, number> | undefined;
  /** Indexes of HISTORY cards, in order. */
  readonly history: number[] = [];

  constructor(readonly cards: readonly HeaderCard[]) {
    const generation = nextGeneration();
    const stamps = shared.stamps;
    const positions = shared.positions;
    for (let index = 0; index < cards.length; index++) {
      let keyword = cards[index]!.keyword;
      let slot = SLOTS.get(keyword);
      if (slot === undefined && hasLowerCase(keyword)) {
        keyword = keyword.toUpperCase();
        slot = SLOTS.get(keyword);
      }
      if (slot !== undefined) {
        if (stamps[slot] !== generation) {
          stamps[slot] = generation;
          positions[slot] = index;
        }
      } else if (keyword === 'HISTORY') {
        this.history.push(index);
      }
    }
    this.generation = generation;
    this.stamps = stamps;
  }

  /** The slot of a keyword, registering it if new; resolve slots once, at module load. */
  static slotOf(keyword: string): number {
    let slot = SLOTS.get(keyword);
    if (slot === undefined) {
      slot = SLOTS.size;
      SLOTS.set(keyword, slot);
      KEYWORD_OF.push(keyword);
    }
    return slot;
  }

  /** Index of the first card in a slot, or -1. */
  indexBySlot(slot: number): number {
    // Only the newest lookup owns the shared tables; an older one answers from its own map.
    if (
      this.generation === shared.generation &&
      this.stamps === shared.stamps &&
      slot < this.stamps.length
    ) {
      return shared.stamps[slot] === this.generation ? shared.positions[slot]! : -1;
    }
    return this.unregistered().get(KEYWORD_OF[slot]!) ?? -1;
  }

  /** Index of the first card with this keyword, or -1. */
  indexOf(keyword: string): number {
    const slot = SLOTS.get(keyword);
    if (slot !== undefined) return this.indexBySlot(slot);
    return this.unregistered().get(keyword) ?? -1;
  }

  /** The card's value as a trimmed, non-empty string (numbers are written out), else `null`. */
  text(keyword: string): string | null {
    const index = this.indexOf(keyword);
    return index < 0 ? null : cardText(this.cards[index]!);
  }

  /** Text of a HISTORY card; PixInsight puts its text in the comment field, so both are read. */
  historyText(index: number): string {
    const { value, comment } = this.cards[index]!;
    const valueText = typeof value === 'string' ? value : '';
    return comment === undefined || comment.length === 0 ? valueText : `${valueText} ${comment}`;
  }

  // Keywords registered after this header was built (rare): a plain map, built on first use.
  private unregistered(): Map<string, number> {
    if (this.others === undefined) {
      const others = new Map<string, number>();
      this.cards.forEach((card, index) => {
        const keyword = card.keyword.toUpperCase();
        if (!others.has(keyword)) others.set(keyword, index);
      });
      this.others = others;
    }
    return this.others;
  }
}

const SLOTS = new Map<string, number>();
const KEYWORD_OF: string[] = [];

// Per-slot tables shared by all lookups and reused without clearing: a slot belongs to the
// current header only when its stamp equals that header's generation. No allocation per frame.
const shared = { generation: 0, stamps: new Int32Array(0), positions: new Int32Array(0) };

function nextGeneration(): number {
  if (shared.stamps.length < SLOTS.size || shared.generation >= 0x7fffffff) {
    shared.stamps = new Int32Array(Math.max(SLOTS.size, 64) * 2);
    shared.positions = new Int32Array(shared.stamps.length);
    shared.generation = 0;
  }
  return ++shared.generation;
}

// Mixed-case keywords ("Object", "exptime") have a lower-case first or last letter; checking
// only those keeps the common miss (an unknown upper-case keyword) cheap.
function hasLowerCase(keyword: string): boolean {
  const first = keyword.charCodeAt(0);
  const last = keyword.charCodeAt(keyword.length - 1);
  return (first >= 97 && first <= 122) || (last >= 97 && last <= 122);
}

export function cardText(card: HeaderCard): string | null {
  const { value } = card;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed.length === 0 ? null : trimmed;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return null;
}
